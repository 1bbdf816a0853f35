import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { openApp } from './pages';
import { accountBalance, caixaTab, createAccount } from './ledger-pages';

// Issue 22, point 4: a card sale is not money in the bank today. The card machine keeps a
// fee and deposits later (débito D+1, crédito D+30, installments a month apart); the owner
// configures the machine, picks it in Nova venda and sees what the acquirer deposits and when.

/** axe on the whole page: no critical, serious or moderate violation. */
async function expectNoA11yIssues(page: Page) {
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter(v => ['critical', 'serious', 'moderate'].includes(v.impact!));
  expect(bad.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** The deposit date `days` after the browser's today, moved from a weekend to the Monday,
 * as dd/mm/aaaa. */
async function depositDate(page: Page, days: number): Promise<string> {
  return page.evaluate((n) => {
    const d = new Date();
    d.setDate(d.getDate() + n);
    if (d.getDay() === 6) d.setDate(d.getDate() + 2);
    if (d.getDay() === 0) d.setDate(d.getDate() + 1);
    return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
  }, days);
}

/** Registers a product and counts `stock` units of it. */
async function productWithStock(page: Page, name: string, sku: string, price: string, stock: string) {
  await page.goto('/estoque');
  await page.getByTestId('novo-produto').click();
  const form = page.getByTestId('produto-form');
  await form.getByLabel('Nome', { exact: true }).fill(name);
  await form.getByLabel('Código (SKU)').fill(sku);
  await page.getByTestId('produto-unidade').selectOption('un');
  await form.getByLabel('Custo por unidade (R$)').fill('30,00');
  await form.getByLabel('Preço de venda (R$)').fill(price);
  await page.getByTestId('salvar-produto').click();
  await expect(page.getByTestId('produto-form')).toHaveCount(0);
  await page.getByTestId('produto-row').filter({ hasText: name }).click();
  await expect(page.getByTestId('area-title')).toHaveText('Produto');
  await page.locator('summary', { hasText: 'Ajuste, perda ou devolução' }).click();
  await page.getByLabel('Tipo').selectOption('adjustment');
  await page.getByLabel('Entrada (aumenta o estoque)').check();
  await page.getByTestId('ajuste-quantidade').fill(stock);
  await page.getByTestId('ajuste-motivo').fill('Contagem inicial');
  await page.getByTestId('ajuste-form').getByRole('button', { name: 'Registrar' }).click();
  await expect(page.getByTestId('estoque-atual')).toHaveText(`${stock} un`);
}

test('a card sale in 3x: the machine keeps its fee and deposits each installment a month apart', async ({ page }) => {
  await openApp(page, '/caixa');
  await createAccount(page, 'Banco do Brasil', 'Banco', '0,00');
  await productWithStock(page, 'Bolo de cenoura', 'BOLO', '100,00', '5');

  // Estoque -> Maquininhas: nothing to receive yet; configure the machine.
  await page.goto('/estoque');
  await page.getByTestId('tab-maquininhas').click();
  await expect(page.getByTestId('agenda-recebiveis')).toContainText('Nenhum depósito de cartão a receber.');
  await page.getByTestId('nova-maquininha').click();
  const form = page.getByTestId('maquininha-form');
  await form.getByLabel('Nome da maquininha').fill('Maquininha do balcão');
  await form.getByLabel('Credenciadora ou bandeira (opcional)').fill('Stone');
  await expect(page.getByTestId('maquininha-conta').locator('option:checked')).toHaveText('Banco do Brasil');
  await form.getByLabel('Débito (%)').fill('45');
  await form.getByLabel('Crédito à vista (%)').fill('3,19');
  await form.getByLabel('Crédito em 2x (%)').fill('3,49');
  await form.getByLabel('Crédito em 3x (%)').fill('3,99');
  await expect(form.getByLabel('Débito (D+)')).toHaveValue('1');
  await expect(form.getByLabel('Crédito (D+)')).toHaveValue('30');
  await expect(form.getByLabel('Entre parcelas (dias)')).toHaveValue('30');
  await expect(form.getByLabel('Nome da maquininha')).toHaveAttribute('maxlength', '60');
  // A fee typed in the wrong field is refused with the field's name; what was typed stays.
  await page.getByTestId('salvar-maquininha').click();
  await expect(page.getByTestId('maquininha-erro')).toHaveText('Taxa do débito: a taxa passa de 30%; confira o valor digitado.');
  await expect(form.getByLabel('Crédito em 3x (%)')).toHaveValue('3,99');
  await expectNoA11yIssues(page);
  await form.getByLabel('Débito (%)').fill('1,99');
  await page.getByTestId('salvar-maquininha').click();
  await expect(page.getByTestId('maquininha-form')).toHaveCount(0);
  const row = page.getByTestId('maquininha-row');
  await expect(row).toContainText('Maquininha do balcão');
  await expect(row).toContainText('Deposita em Banco do Brasil');
  await expect(row).toContainText('1,99% · D+1');
  await expect(row).toContainText('2x 3,49% · 3x 3,99%');
  await expectNoA11yIssues(page);

  // Nova venda: Cartão picks the machine; 3x shows what will be deposited and when.
  await page.goto('/estoque/venda');
  await page.getByTestId('codigo-manual').fill('BOLO');
  await page.getByTestId('codigo-form').getByRole('button', { name: 'Adicionar' }).click();
  await expect(page.getByTestId('venda-total')).toHaveText('R$ 100,00');
  await page.getByLabel('Cartão', { exact: true }).check();
  await expect(page.getByTestId('venda-maquininha').locator('option:checked')).toHaveText('Maquininha do balcão');
  await page.getByLabel('Crédito', { exact: true }).check();
  await page.getByTestId('venda-parcelas').selectOption({ label: '3x' });
  const d1 = await depositDate(page, 30);
  const d2 = await depositDate(page, 60);
  const d3 = await depositDate(page, 90);
  // R$ 100,00 at 3,99%: fee 3,99, 1,33 per installment; the odd centavo on the first.
  await expect(page.getByTestId('venda-depositos').getByRole('listitem')).toHaveText([
    `${d1} · R$ 32,01 (taxa R$ 1,33)`,
    `${d2} · R$ 32,00 (taxa R$ 1,33)`,
    `${d3} · R$ 32,00 (taxa R$ 1,33)`,
  ]);
  await expect(page.getByTestId('venda-conta')).toHaveCount(0);
  await expectNoA11yIssues(page);
  await page.screenshot({ path: test.info().outputPath('venda-cartao.png') });
  await page.getByTestId('confirmar-venda').click();
  await expect(page.getByTestId('venda-recibo')).toContainText('Venda registrada: R$ 100,00 (cartão)');
  await expect(page.getByTestId('venda-recibo-depositos').getByRole('listitem')).toHaveText([
    `Depósito em ${d1}: R$ 32,01`,
    `Depósito em ${d2}: R$ 32,00`,
    `Depósito em ${d3}: R$ 32,00`,
  ]);

  // Nothing reached the bank today (the old behaviour credited R$ 100,00 at once).
  await page.goto('/caixa');
  await caixaTab(page, 'contas');
  await expect(accountBalance(page, 'Banco do Brasil')).toHaveText('R$ 0,00');

  // The agenda: one deposit per date, gross, fee and net.
  await page.goto('/estoque?aba=maquininhas');
  const deposits = page.getByTestId('deposito');
  await expect(deposits).toHaveCount(3);
  await expect(deposits.getByTestId('deposito-data')).toHaveText([d1, d2, d3]);
  await expect(deposits.getByTestId('deposito-liquido')).toHaveText(['R$ 32,01', 'R$ 32,00', 'R$ 32,00']);
  await expect(deposits.first().getByTestId('deposito-detalhe')).toHaveText('Bruto R$ 33,34 − taxa R$ 1,33');
  await expectNoA11yIssues(page);
  await page.screenshot({ path: test.info().outputPath('agenda.png') });

  // The acquirer deposited the first installment: confirming it puts the net in the bank.
  await deposits.first().getByTestId('confirmar-deposito').click();
  await expect(deposits).toHaveCount(2);
  await page.goto('/caixa');
  await caixaTab(page, 'contas');
  await expect(accountBalance(page, 'Banco do Brasil')).toHaveText('R$ 32,01');
});

test('without a machine the sale says so and links to the machines', async ({ page }) => {
  await openApp(page, '/caixa');
  await createAccount(page, 'Banco do Brasil', 'Banco', '0,00');
  await productWithStock(page, 'Bolo de fubá', 'FUBA', '20,00', '3');
  await page.goto('/estoque/venda');
  await page.getByTestId('codigo-manual').fill('FUBA');
  await page.getByTestId('codigo-form').getByRole('button', { name: 'Adicionar' }).click();
  await page.getByLabel('Cartão', { exact: true }).check();
  await expect(page.getByTestId('venda-sem-maquininha')).toContainText('Nenhuma maquininha cadastrada');
  await expectNoA11yIssues(page);
  // The link opens the Maquininhas tab (followed by address: leaving a cart asks first).
  const link = page.getByRole('link', { name: 'Cadastrar maquininha' });
  await expect(link).toHaveAttribute('href', '/estoque?aba=maquininhas');
  await page.goto('/estoque?aba=maquininhas');
  await expect(page.getByTestId('tab-maquininhas')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('nova-maquininha')).toBeVisible();
});
