import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { openApp } from './pages';
import { fillCharge } from './cobrancas-pages';

// Issue 21/22 on Cobranças and Clientes: an installment is named once, a supplier's page is
// titled as one, the alphanumeric CNPJ opens a text keyboard, and axe finds nothing with data.

/** axe on the whole page: no critical, serious or moderate violation. */
async function expectNoA11yIssues(page: Page) {
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter(v => ['critical', 'serious', 'moderate'].includes(v.impact!));
  expect(bad.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('a supplier with an alphanumeric CNPJ has a Fornecedor page; installments are named once', async ({ page }) => {
  await openApp(page, '/clientes');
  await page.getByTestId('new-party').click();
  const form = page.getByTestId('party-form');
  await form.getByLabel('Nome', { exact: true }).fill('Moinho Açores');
  const taxId = form.getByLabel('CPF ou CNPJ');
  await expect(taxId).toHaveAttribute('inputmode', 'text');
  await expect(taxId).toHaveAttribute('maxlength', /\d+/);
  // The Receita Federal's example of the alphanumeric CNPJ.
  await taxId.fill('12.ABC.345/01DE-35');
  await form.getByLabel('Cliente', { exact: true }).uncheck();
  await form.getByLabel('Fornecedor', { exact: true }).check();
  await expectNoA11yIssues(page);
  await form.getByRole('button', { name: 'Salvar' }).click();
  await expect(page).toHaveURL(/\/clientes\/[0-9a-f-]+$/);
  await expect(page.getByTestId('area-title')).toHaveText('Fornecedor');
  await expect(page.getByTestId('party-card')).toContainText('12.ABC.345/01DE-35');
  await expectNoA11yIssues(page);

  // Three installments: each says "(parcela n/3)" once.
  await page.goto('/cobrancas');
  await page.getByTestId('new-charge').click();
  await page.getByTestId('charge-form').getByLabel('Parcelas').fill('3');
  await fillCharge(page, { newCustomer: 'Dona Cida', amount: '90,00', description: 'Bolo de festa' });
  await expect(page).toHaveURL(/\/cobrancas\/[0-9a-f-]+$/);
  await expect(page.getByTestId('charge-description')).toHaveText('Bolo de festa (parcela 1/3)');
  const summary = (await page.getByTestId('charge-summary').innerText()).toLowerCase();
  expect(summary.split('parcela 1/3').length - 1).toBe(1);
  await expect(page.getByTestId('area-title')).toHaveText('Cobrança');
  await expectNoA11yIssues(page);

  await page.getByRole('link', { name: '‹ Cobranças' }).click();
  await expect(page.getByTestId('tab-pendentes').getByTestId('tab-count')).toHaveText('3');
  await expect(page.getByTestId('tab-pendentes').getByTestId('tab-total')).toHaveText('R$ 90,00');
  // The search ignores accents, as core's does.
  await page.getByLabel('Buscar por cliente').fill('dona cída');
  await expect(page.getByTestId('charge-row')).toHaveCount(3);
  await page.getByLabel('Buscar por cliente').fill('moinho');
  await expect(page.getByTestId('charge-row')).toHaveCount(0);
  await expectNoA11yIssues(page);

  // The customer's page is a customer's, with the three installments.
  await page.goto('/clientes');
  await page.getByLabel('Buscar').fill('cida');
  await expect(page.getByTestId('party-list').locator('li')).toHaveCount(1);
  await page.getByRole('link', { name: /Dona Cida/ }).click();
  await expect(page.getByTestId('area-title')).toHaveText('Cliente');
  await expect(page.getByTestId('party-charges').locator('li')).toHaveCount(3);
  await expectNoA11yIssues(page);
});
