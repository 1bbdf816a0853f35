import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { openApp } from './pages';

// Issue 22's "also seen" in Estoque: messages that read right ("negativa", the barcode named
// once), the reorder table within a phone's width, and axe clean on every Estoque screen in
// every state with data.

/** axe on the whole page: no critical, serious or moderate violation. */
async function expectNoA11yIssues(page: Page) {
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter(v => ['critical', 'serious', 'moderate'].includes(v.impact!));
  expect(bad.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Nothing on the page reaches past the viewport's right edge. */
async function expectWithinViewport(page: Page, testid: string) {
  const { right, width, scroll } = await page.evaluate((id) => {
    const el = document.querySelector(`[data-testid=${id}]`)!;
    return {
      right: el.getBoundingClientRect().right,
      width: document.documentElement.clientWidth,
      scroll: document.documentElement.scrollWidth,
    };
  }, testid);
  expect(right).toBeLessThanOrEqual(width);
  expect(scroll).toBeLessThanOrEqual(width);
}

test('Estoque states: form errors read right, the reorder table fits the phone, axe clean throughout', async ({ page }) => {
  await openApp(page, '/estoque');
  await expectNoA11yIssues(page);

  await page.getByTestId('novo-produto').click();
  const form = page.getByTestId('produto-form');
  await form.getByLabel('Nome', { exact: true }).fill('Farinha de trigo especial tipo 1 em pacote de 5 kg');
  await form.getByLabel('Código (SKU)').fill('FARINHA-ESPECIAL-5KG');
  // A wrong check digit: the barcode is named once.
  await form.getByLabel('Código de barras (GTIN)').fill('7891000315508');
  await expect(form.getByText('Código de barras inválido: o dígito verificador deveria ser 7.')).toBeVisible();
  await expect(form).not.toContainText('Código de barras inválido: código de barras inválido');
  await form.getByLabel('Código de barras (GTIN)').fill('7891000315507');
  await page.getByTestId('produto-unidade').selectOption('un');
  await form.getByLabel('Custo por unidade (R$)').fill('123,45');
  await form.getByLabel('Preço de venda (R$)').fill('159,90');
  await form.getByLabel('Ponto de reposição').fill('10');
  // A negative quantity: the adjective agrees with "a quantidade".
  await form.getByLabel('Quantidade a comprar na reposição').fill('-5');
  await page.getByTestId('salvar-produto').click();
  await expect(page.getByTestId('produto-erro')).toHaveText('A quantidade de reposição não pode ser negativa.');
  await expectNoA11yIssues(page);
  await form.getByLabel('Quantidade a comprar na reposição').fill('1250');
  await page.getByTestId('salvar-produto').click();
  await expect(page.getByTestId('produto-form')).toHaveCount(0);
  await expectNoA11yIssues(page);

  // The product's page with two movements.
  await page.getByTestId('produto-row').first().click();
  await expect(page.getByTestId('area-title')).toHaveText('Produto');
  await page.locator('summary', { hasText: 'Ajuste, perda ou devolução' }).click();
  await page.getByLabel('Tipo').selectOption('adjustment');
  await page.getByLabel('Entrada (aumenta o estoque)').check();
  await page.getByTestId('ajuste-quantidade').fill('3');
  await page.getByTestId('ajuste-motivo').fill('Contagem inicial');
  await page.getByTestId('ajuste-form').getByRole('button', { name: 'Registrar' }).click();
  await expect(page.getByTestId('estoque-atual')).toHaveText('3 un');
  await page.getByLabel('Tipo').selectOption('loss');
  await page.getByTestId('ajuste-quantidade').fill('1');
  await page.getByTestId('ajuste-motivo').fill('Pacote rasgado');
  await page.getByTestId('ajuste-form').getByRole('button', { name: 'Registrar' }).click();
  await expect(page.getByTestId('estoque-atual')).toHaveText('2 un');
  await expect(page.getByTestId('movimentos').locator('tbody tr')).toHaveCount(2);
  await expectNoA11yIssues(page);
  await page.getByRole('button', { name: 'Editar' }).click();
  await expect(page.getByTestId('produto-form')).toBeVisible();
  await expectNoA11yIssues(page);

  // The reorder list: 1.250 un at R$ 123,45 stays within the phone's width.
  await page.goto('/estoque');
  await page.getByTestId('tab-reposicao').click();
  const table = page.getByTestId('reposicao');
  await expect(table).toContainText('Farinha de trigo especial');
  await expect(table).toContainText('1.250 un');
  await expect(table).toContainText('R$ 154.312,50');
  await expect(table.getByTestId('reposicao-estoque')).toHaveText('Estoque: 2 un');
  await expectWithinViewport(page, 'reposicao');
  await expectNoA11yIssues(page);
  await page.screenshot({ path: test.info().outputPath('reposicao.png') });

  // Sale and purchase screens with an item.
  await page.goto('/estoque/venda');
  await page.getByTestId('codigo-manual').fill('FARINHA-ESPECIAL-5KG');
  await page.getByTestId('codigo-form').getByRole('button', { name: 'Adicionar' }).click();
  await expect(page.getByTestId('venda-total')).toHaveText('R$ 159,90');
  await expectNoA11yIssues(page);
  await page.goto('/estoque/compra');
  await expect(page.getByTestId('area-title')).toHaveText('Compra');
  await page.getByTestId('compra-produto').selectOption({ index: 1 });
  await page.getByTestId('compra-quantidade').fill('12,5');
  await page.getByTestId('compra-custo').fill('3,4567');
  await expect(page.getByTestId('compra-total')).toHaveText('R$ 43,21');
  await expectNoA11yIssues(page);
});
