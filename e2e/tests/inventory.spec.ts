import { test, expect } from './fixtures';
import { openApp } from './pages';
import { expectNoSeriousA11yIssues } from './estoque-pages';

// A product with a real GTIN-13 is bought (a payable), sold with the scanner's manual
// fallback paying cash, and its stock and the cash balance follow.
test('create a product, buy stock, sell with the typed barcode, see stock and cash', async ({ page }) => {
  await openApp(page, '/estoque');
  await expect(page.getByTestId('area-title')).toHaveText('Estoque');

  // New product; the barcode is checked as typed.
  await page.getByTestId('novo-produto').click();
  const form = page.getByTestId('produto-form');
  await form.getByLabel('Nome').fill('Café Torrado 500g');
  await form.getByLabel('Código (SKU)').fill('CAF500');
  await form.getByLabel('Código de barras (GTIN)').fill('7891000315508');
  await expect(form.getByText('Código de barras inválido')).toBeVisible();
  await form.getByLabel('Código de barras (GTIN)').fill('7891000315507');
  await expect(form.getByText('Código de barras inválido')).toHaveCount(0);
  await page.getByTestId('produto-unidade').selectOption('un');
  await form.getByLabel('Custo por unidade (R$)').fill('12,50');
  await form.getByLabel('Preço de venda (R$)').fill('21,90');
  await form.getByLabel('Ponto de reposição').fill('5');
  await form.getByLabel('Quantidade a comprar na reposição').fill('20');
  await page.getByTestId('salvar-produto').press('Enter');
  await expect(page.getByTestId('produto-form')).toHaveCount(0);
  const row = page.getByTestId('produto-row').filter({ hasText: 'Café Torrado 500g' });
  await expect(row.getByTestId('produto-estoque')).toHaveText('0 un');
  await expect(row.getByTestId('estoque-baixo')).toBeVisible();

  // The replenishment list offers it.
  await page.getByTestId('tab-reposicao').click();
  await expect(page.getByTestId('reposicao')).toContainText('Café Torrado 500g');
  await page.getByRole('tab', { name: 'Produtos' }).click();

  // Buy 10 at R$ 12,00 from a new supplier: a payable.
  await page.getByTestId('nova-compra').click();
  await expect(page.getByTestId('area-title')).toHaveText('Compra');
  await page.getByText('Cadastrar novo fornecedor').click();
  await page.getByLabel('Nome do fornecedor').fill('Distribuidora Grão Bom');
  await page.getByTestId('criar-fornecedor').press('Enter');
  await expect(page.getByTestId('compra-fornecedor')).toHaveValue(/.+/);
  await page.getByTestId('compra-produto').selectOption({ label: 'Café Torrado 500g (un)' });
  await page.getByTestId('compra-quantidade').fill('10');
  await page.getByTestId('compra-custo').fill('12,00');
  await expect(page.getByTestId('compra-total')).toHaveText('R$ 120,00');
  await page.getByTestId('confirmar-compra').press('Enter');
  await expect(page.getByTestId('compra-recibo')).toContainText('Compra registrada: R$ 120,00');
  await expect(page.getByTestId('compra-conta')).toContainText('Conta a pagar');
  await expect(page.getByTestId('compra-conta')).toContainText('R$ 120,00');

  // Sell 3 with the manual code field, paying cash.
  await page.goto('/estoque/venda');
  await expect(page.getByTestId('area-title')).toHaveText('Venda');
  await page.getByTestId('criar-caixa').press('Enter');
  await expect(page.getByTestId('venda-conta')).toBeVisible();
  await page.getByLabel('Digite o código de barras').fill('7891000315507');
  await page.getByTestId('codigo-form').getByRole('button', { name: 'Adicionar' }).press('Enter');
  const item = page.getByTestId('carrinho-item');
  await expect(item).toContainText('R$ 21,90');
  await item.getByLabel('Quantidade de Café Torrado 500g (un)').fill('3');
  await expect(page.getByTestId('venda-total')).toHaveText('R$ 65,70');
  await expect(page.getByLabel('Dinheiro')).toBeChecked();
  await expectNoSeriousA11yIssues(page);
  await page.screenshot({ path: test.info().outputPath('venda.png') });
  await page.getByTestId('confirmar-venda').press('Enter');
  await expect(page.getByTestId('venda-recibo')).toContainText('Venda registrada: R$ 65,70 (dinheiro)');
  await expect(page.getByTestId('venda-saldo')).toHaveText('Saldo de Caixa da loja: R$ 65,70');

  // The product shows 7 in stock, the average cost of the purchase and both movements.
  await page.goto('/estoque');
  await expect(row.getByTestId('produto-estoque')).toHaveText('7 un');
  await expectNoSeriousA11yIssues(page);
  await page.screenshot({ path: test.info().outputPath('estoque.png') });
  await row.click();
  await expect(page.getByTestId('area-title')).toHaveText('Produto');
  await expect(page.getByTestId('estoque-atual')).toHaveText('7 un');
  await expect(page.getByTestId('custo-medio')).toHaveText('R$ 12,00');
  await expect(page.getByTestId('movimentos').locator('tbody tr')).toHaveCount(2);
  await page.locator('summary', { hasText: 'Ajuste, perda ou devolução' }).click();
  await expectNoSeriousA11yIssues(page);
  await page.screenshot({ path: test.info().outputPath('produto.png') });

  // A loss needs a reason; with one, stock goes to 6.
  await page.getByLabel('Tipo').selectOption('loss');
  await page.getByTestId('ajuste-quantidade').fill('1');
  await page.getByTestId('ajuste-form').getByRole('button', { name: 'Registrar' }).press('Enter');
  await expect(page.getByTestId('ajuste-form').getByRole('alert')).toHaveText('Informe o motivo do ajuste ou da perda.');
  await expect(page.getByTestId('ajuste-quantidade')).toHaveValue('1');
  await page.getByTestId('ajuste-motivo').fill('Embalagem rasgada');
  await page.getByTestId('ajuste-form').getByRole('button', { name: 'Registrar' }).press('Enter');
  await expect(page.getByTestId('estoque-atual')).toHaveText('6 un');

  // The cash received shows on Início's cash tile.
  await page.goto('/');
  await expect(page.getByTestId('tile-cash').getByTestId('tile-value')).toHaveText('R$ 65,70');
});
