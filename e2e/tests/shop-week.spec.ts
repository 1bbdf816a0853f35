import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { openApp } from './pages';
import { browserToday, createAccount } from './ledger-pages';
import { fillCharge } from './cobrancas-pages';

// Issue 22: a shop owner's week on a phone. Each journey fails on the behaviour the issue
// reported.

/** axe on the whole page: no critical, serious or moderate violation. */
async function expectNoA11yIssues(page: Page) {
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter(v => ['critical', 'serious', 'moderate'].includes(v.impact!));
  expect(bad.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** An ISO date `days` from the browser's today. */
async function isoDaysFromToday(page: Page, days: number): Promise<string> {
  return page.evaluate((n) => {
    const d = new Date();
    d.setDate(d.getDate() + n);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }, days);
}

/** Registers a product through the Estoque form and counts `stock` units of it. */
async function productWithStock(page: Page, name: string, sku: string, price: string, stock: string) {
  await page.goto('/estoque');
  await page.getByTestId('novo-produto').click();
  const form = page.getByTestId('produto-form');
  await form.getByLabel('Nome', { exact: true }).fill(name);
  await form.getByLabel('Código (SKU)').fill(sku);
  await page.getByTestId('produto-unidade').selectOption('un');
  await form.getByLabel('Custo por unidade (R$)').fill('3,00');
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

test('a sale by name: quantity, stock refused or confirmed, cash goes to the cash account', async ({ page }) => {
  await openApp(page, '/caixa');
  await createAccount(page, 'Banco do Brasil', 'Banco', '0,00');
  await productWithStock(page, 'Leite integral 1L', 'LEI1', '5,49', '10');

  await page.goto('/estoque/venda');
  await expect(page.getByTestId('area-title')).toHaveText('Venda');
  // Dinheiro with only a bank account: the screen says so and offers the cash account.
  await expect(page.getByLabel('Dinheiro')).toBeChecked();
  await expect(page.getByTestId('venda-sem-caixa')).toBeVisible();
  await page.getByTestId('criar-caixa').click();
  await expect(page.getByTestId('venda-conta').locator('option:checked')).toHaveText('Caixa da loja');
  await page.getByLabel('Pix', { exact: true }).check();
  await expect(page.getByTestId('venda-conta').locator('option:checked')).toHaveText('Banco do Brasil');
  await page.getByLabel('Dinheiro').check();
  await expect(page.getByTestId('venda-conta').locator('option:checked')).toHaveText('Caixa da loja');

  // By name: the line's quantity drives the total after the results list is gone.
  await page.getByTestId('venda-busca').fill('leite');
  await page.getByRole('listitem').filter({ hasText: 'Leite integral 1L' }).getByRole('button', { name: 'Adicionar' }).click();
  const qty = page.getByLabel('Quantidade de Leite integral 1L (un)');
  await expect(page.getByTestId('venda-total')).toHaveText('R$ 5,49');
  await qty.fill('3');
  await expect(page.getByTestId('venda-total')).toHaveText('R$ 16,47');

  // More than the stock: refused with the stock in the message.
  await qty.fill('12');
  await page.getByTestId('confirmar-venda').click();
  await expect(page.getByTestId('venda-erro')).toHaveText(
    'Estoque insuficiente de Leite integral 1L: há 10 un e a venda pede 12 un. Registre a compra ou um ajuste, ou confirme a venda mesmo assim.');
  await expectNoA11yIssues(page);
  await page.screenshot({ path: test.info().outputPath('venda-estoque.png') });
  await qty.fill('4');
  await page.getByTestId('confirmar-venda').click();
  await expect(page.getByTestId('venda-recibo')).toContainText('Venda registrada: R$ 21,96 (dinheiro)');
  await expect(page.getByTestId('venda-saldo')).toHaveText('Saldo de Caixa da loja: R$ 21,96');

  // Seven more with six left: confirmed on purpose, the product is flagged.
  await page.getByTestId('venda-busca').fill('leite');
  await page.getByRole('listitem').filter({ hasText: 'Leite integral 1L' }).getByRole('button', { name: 'Adicionar' }).click();
  await qty.fill('7');
  await page.getByTestId('confirmar-venda').click();
  await expect(page.getByTestId('venda-erro')).toContainText('há 6 un e a venda pede 7 un');
  await page.getByTestId('vender-mesmo-assim').click();
  await expect(page.getByTestId('venda-recibo')).toContainText('Venda registrada: R$ 38,43 (dinheiro)');

  await page.goto('/estoque');
  await expect(page.getByTestId('estoque-negativo')).toContainText('1 produto com estoque negativo fica fora do valor');
  const row = page.getByTestId('produto-row').filter({ hasText: 'Leite integral 1L' });
  await expect(row.getByTestId('produto-estoque')).toHaveText('-1 un');
  await page.goto('/');
  await expect(page.getByTestId('tile-stock-review').getByTestId('tile-value')).toHaveText('1');
});

test('Início leads with what is late: payables and receivables past their due date', async ({ page }) => {
  await openApp(page, '/caixa');
  const yesterday = await isoDaysFromToday(page, -1);
  await page.getByTestId('nova-pagar').click();
  await page.getByTestId('conta-descricao').fill('Salário da Ana');
  await page.getByTestId('conta-valor').fill('1.800,00');
  await page.getByTestId('conta-vencimento').fill(yesterday);
  await page.getByTestId('conta-salvar').click();
  await expect(page.getByTestId('lancamento').filter({ hasText: 'Salário da Ana' })).toBeVisible();
  await page.getByTestId('nova-receber').click();
  await page.getByTestId('conta-descricao').fill('Encomenda do buffet');
  await page.getByTestId('conta-valor').fill('350,00');
  await page.getByTestId('conta-vencimento').fill(await isoDaysFromToday(page, -3));
  await page.getByTestId('conta-salvar').click();
  await expect(page.getByTestId('lancamento').filter({ hasText: 'Encomenda do buffet' })).toBeVisible();

  await page.goto('/');
  const late = page.getByTestId('late-tiles');
  await expect(late.getByTestId('tile-payable-late').getByTestId('tile-value')).toHaveText('R$ 1.800,00');
  await expect(late.getByTestId('tile-payable-late')).toContainText('1 conta vencida');
  await expect(late.getByTestId('tile-receivable-late').getByTestId('tile-value')).toHaveText('R$ 350,00');
  // It comes before today's tiles.
  const lateBox = (await late.boundingBox())!;
  const todayBox = (await page.getByTestId('tiles').boundingBox())!;
  expect(lateBox.y).toBeLessThan(todayBox.y);
  await expectNoA11yIssues(page);
  await page.screenshot({ path: test.info().outputPath('inicio-atrasados.png') });
  await late.getByTestId('tile-payable-late').click();
  await expect(page.getByTestId('filtro-situacao')).toHaveValue('vencidos');
  await expect(page.getByTestId('filtro-tipo')).toHaveValue('pagar');
  await expect(page.getByTestId('lancamento')).toHaveCount(1);
});

test('a fiado debt that already exists is registered with its past due date, overdue at once', async ({ page }) => {
  await openApp(page, '/cobrancas');
  await page.getByTestId('new-charge').click();
  // Eight days late: the weekly repeat after the due date (+1, +8) falls today.
  await page.getByTestId('charge-form').locator('input[name=due]').fill(await isoDaysFromToday(page, -8));
  await fillCharge(page, { newCustomer: 'Dona Cida', amount: '86,00', description: 'Fiado de outubro' });
  await expect(page).toHaveURL(/\/cobrancas\/[0-9a-f-]+$/);
  await expect(page.getByTestId('charge-status')).toHaveText('Vencida');
  // The reminder whose date has come is to send today, not a "próximo" date in the past.
  await expect(page.getByTestId('days-overdue')).toContainText('Lembrete para enviar hoje');
  await page.goto('/');
  await expect(page.getByTestId('tile-overdue').getByTestId('tile-value')).toHaveText('R$ 86,00');
  await expect(page.getByTestId('tile-receivable-late').getByTestId('tile-value')).toHaveText('R$ 86,00');
  // Início lists what to send today, each opening its charge.
  const reminders = page.getByTestId('lembretes-hoje');
  await expect(reminders.getByTestId('lembrete')).toHaveCount(1);
  await expect(reminders).toContainText('Dona Cida');
  await expect(reminders).toContainText('R$ 86,00');
  await expectNoA11yIssues(page);
  await reminders.getByRole('link', { name: 'Dona Cida' }).click();
  await expect(page.getByTestId('charge-amount')).toHaveText('R$ 86,00');
});

test('the CNPJ field opens a text keyboard; long text wraps and is limited', async ({ page }) => {
  await openApp(page, '/clientes');
  await page.getByTestId('new-party').click();
  const form = page.getByTestId('party-form');
  const taxId = form.getByLabel('CPF ou CNPJ');
  await expect(taxId).toHaveAttribute('inputmode', 'text');
  await expect(taxId).toHaveAttribute('autocapitalize', 'characters');

  // A pasted page of text: the field keeps 200 characters; nothing widens the page.
  await form.getByLabel('Nome', { exact: true }).fill('Padaria'.repeat(700));
  await expect(form.getByLabel('Nome', { exact: true })).toHaveValue('Padaria'.repeat(700).slice(0, 200));
  await form.getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByTestId('party-form')).toHaveCount(0);
  // Nothing wider than the screen: 390 px on the phone, the window on the laptop.
  const screenWidth = page.viewportSize()?.width ?? 390;
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(screenWidth);
  // The navigation stays on screen: the bottom bar on a phone, the side bar on a laptop.
  await expect(page.locator(screenWidth >= 900 ? '.side-nav' : '.bottom-nav')).toBeInViewport();

  // A product name of 120 characters without spaces wraps on the list.
  await page.goto('/estoque');
  await page.getByTestId('novo-produto').click();
  const pf = page.getByTestId('produto-form');
  await pf.getByLabel('Nome').fill('X'.repeat(300));
  await expect(pf.getByLabel('Nome')).toHaveValue('X'.repeat(120));
  await pf.getByLabel('Código (SKU)').fill('LONGO');
  await pf.getByLabel('Custo por unidade (R$)').fill('1,00');
  await pf.getByLabel('Preço de venda (R$)').fill('2,00');
  await page.getByTestId('salvar-produto').click();
  await expect(page.getByTestId('produto-form')).toHaveCount(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(screenWidth);
  await expect(page.getByTestId('nova-venda')).toBeInViewport();
  await expectNoA11yIssues(page);
});

test('offline on a device alone says so; storage in GB; Instalar when the browser offers it', async ({ page, context }) => {
  await openApp(page, '/');
  await expect(page.getByTestId('offline-badge')).toHaveCount(0);
  await context.setOffline(true);
  await expect(page.getByTestId('offline-badge')).toHaveText('Sem internet: tudo fica salvo neste aparelho');
  await expectNoA11yIssues(page);
  await context.setOffline(false);
  await expect(page.getByTestId('offline-badge')).toHaveCount(0);

  // The browser's install prompt becomes the app's own button.
  await page.evaluate(() => {
    const e = new Event('beforeinstallprompt', { cancelable: true });
    (e as any).prompt = () => { (window as any).__prompted = true; return Promise.resolve(); };
    window.dispatchEvent(e);
  });
  await page.getByTestId('instalar').click();
  expect(await page.evaluate(() => (window as any).__prompted)).toBe(true);
  await expect(page.getByTestId('instalar')).toHaveCount(0);

  await page.goto('/configuracoes');
  // A browser's quota is gigabytes: "10,0 GB", not "10244,7 MB".
  const storage = page.locator('dt', { hasText: 'Espaço usado' }).locator('xpath=following-sibling::dd[1]');
  await expect(storage).toHaveText(/^\d{1,3},\d (KB|MB|GB) de \d{1,3},\d (GB|TB)$/);
});

test('recurring entries: create, list with the next due date, edit, end', async ({ page }) => {
  await openApp(page, '/caixa?aba=recorrentes');
  const { iso } = await browserToday(page);
  const form = page.getByTestId('recorrente-form');
  await page.getByTestId('recorrente-descricao').fill('Aluguel da loja');
  await page.getByTestId('recorrente-valor').fill('2.500,00');
  await page.getByTestId('recorrente-dia').fill('28');
  await page.getByTestId('recorrente-inicio').fill(iso);
  await page.getByTestId('recorrente-salvar').click();
  await expect(page.getByTestId('caixa-notice')).toContainText('Recorrência criada');
  const item = page.getByTestId('recorrente').filter({ hasText: 'Aluguel da loja' });
  await expect(item).toContainText('R$ 2.500,00');
  await expect(item).toContainText('A pagar · dia 28 · todo mês');
  await expect(item.getByTestId('recorrente-situacao')).toContainText('Próximo vencimento:');
  await expectNoA11yIssues(page);
  await page.screenshot({ path: test.info().outputPath('recorrentes.png') });

  // The entries are in Lançamentos: this month and next.
  await page.getByTestId('caixa-tab-lancamentos').click();
  await expect(page.getByTestId('lancamento').filter({ hasText: 'Aluguel da loja' })).toHaveCount(2);

  // The yearly adjustment.
  await page.getByTestId('caixa-tab-recorrentes').click();
  await item.getByTestId('recorrente-alterar').click();
  await expect(page.getByTestId('recorrente-descricao')).toHaveValue('Aluguel da loja');
  await page.getByTestId('recorrente-valor').fill('2.650,00');
  await page.getByTestId('recorrente-salvar').click();
  await expect(page.getByTestId('caixa-notice')).toContainText('Recorrência alterada');
  await expect(item).toContainText('R$ 2.650,00');

  // Ended: no more months, no "Encerrar" button.
  await item.getByTestId('recorrente-encerrar').click();
  await expect(page.getByTestId('caixa-notice')).toContainText('encerrada');
  await expect(item.getByTestId('recorrente-encerrar')).toHaveCount(0);
  await expect(form).toBeVisible();
});

test('fix mistakes: edit an entry, reverse a wrong payment, correct an opening balance', async ({ page }) => {
  await openApp(page, '/caixa');
  await createAccount(page, 'Banco do Brasil', 'Banco', '0,00');
  await page.getByTestId('caixa-tab-lancamentos').click();
  await page.getByTestId('nova-pagar').click();
  await page.getByTestId('conta-descricao').fill('Conta de luz');
  await page.getByTestId('conta-valor').fill('100,00');
  await page.getByTestId('conta-salvar').click();
  const row = page.getByTestId('lancamento').filter({ hasText: 'Conta de luz' });
  await expect(row).toBeVisible();

  // Edit: the bill was R$ 132,40, due in five days, under Energia.
  await row.getByTestId('lancamento-alterar').click();
  await row.getByTestId('alterar-descricao').fill('Conta de luz (Enel)');
  await row.getByTestId('alterar-valor').fill('132,40');
  await row.getByTestId('alterar-vencimento').fill(await isoDaysFromToday(page, 5));
  await expectNoA11yIssues(page);
  await row.getByTestId('alterar-salvar').click();
  await expect(page.getByTestId('caixa-notice')).toHaveText('Lançamento alterado.');
  const edited = page.getByTestId('lancamento').filter({ hasText: 'Conta de luz (Enel)' });
  await expect(edited).toContainText('R$ 132,40');

  // Paid by mistake, then reversed: open again and the bank balance back.
  await edited.getByTestId('lancamento-pagar').click();
  await edited.getByTestId('pagar-confirmar').click();
  await expect(edited.getByTestId('lancamento-situacao')).toHaveText('Paga');
  await edited.getByTestId('lancamento-estornar').click();
  await expect(edited.getByTestId('pagamento')).toHaveCount(1);
  await edited.getByTestId('estornar-confirmar').click();
  await expect(page.getByTestId('caixa-notice')).toHaveText('Pagamento de R$ 132,40 estornado.');
  await expect(edited.getByTestId('lancamento-situacao')).toHaveText('Em aberto');

  // The opening balance was R$ 2.000,00, not zero.
  await page.getByTestId('caixa-tab-contas').click();
  const bank = page.locator('[data-testid=conta][data-nome="Banco do Brasil"]');
  await expect(bank.getByTestId('conta-saldo')).toHaveText('R$ 0,00');
  await bank.getByTestId('conta-corrigir').click();
  await bank.getByTestId('saldo-inicial-valor').fill('2.000,00');
  await bank.getByTestId('saldo-inicial-salvar').click();
  await expect(page.getByTestId('caixa-notice')).toContainText('Saldo inicial corrigido para R$ 2.000,00');
  await expect(bank.getByTestId('conta-saldo')).toHaveText('R$ 2.000,00');

  // A mistaken account, archived, is named as such in the filter and leaves Início's balance.
  await createAccount(page, 'Banco errado', 'Banco', '50.000,00');
  const wrong = page.locator('[data-testid=conta][data-nome="Banco errado"]');
  await wrong.getByRole('button', { name: 'Arquivar' }).click();
  await page.getByRole('button', { name: 'Confirmar arquivamento' }).click();
  await page.getByTestId('caixa-tab-lancamentos').click();
  await expect(page.getByTestId('filtro-conta').locator('option', { hasText: 'Banco errado' })).toHaveText('Banco errado (arquivada)');
  await page.goto('/');
  await expect(page.getByTestId('tile-bank').getByTestId('tile-value')).toHaveText('R$ 2.000,00');
});

test('axe on every area: no critical, serious or moderate violation; the page is pt-BR', async ({ page }) => {
  await openApp(page, '/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
  const found: string[] = [];
  for (const path of ['/', '/caixa', '/caixa?aba=contas', '/caixa?aba=recorrentes', '/cobrancas', '/estoque',
    '/estoque/venda', '/clientes', '/equipe', '/relatorios', '/conciliacao', '/exportar', '/historico',
    '/configuracoes', '/mais']) {
    await page.goto(path);
    await expect(page.getByTestId('area-title')).toBeVisible();
    const r = await new AxeBuilder({ page }).analyze();
    for (const v of r.violations.filter(v => ['critical', 'serious', 'moderate'].includes(v.impact!))) {
      found.push(`${path} ${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
    }
  }
  expect(found).toEqual([]);
});
