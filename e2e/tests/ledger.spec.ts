import { test, expect } from './fixtures';
import { openApp, openArea, AREAS } from './pages';
import { accountBalance, browserToday, caixaTab, createAccount, expectNoSeriousA11yViolations } from './ledger-pages';

// The published example boleto (Caixa Econômica Federal, R$ 214,03, fator 8981).
const BOLETO = '10492006506100010004200997263900989810000021403';

const area = (label: string) => AREAS.find(a => a.label === label)!;

test('caixa: accounts, a boleto payable paid in two parts, a transfer, a receivable; reports and history show them', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone', 'phone journey');
  test.setTimeout(120_000);
  await openApp(page, '/caixa');
  await expect(page.getByTestId('area-title')).toHaveText('Caixa');
  const today = await browserToday(page);

  // Accounts with opening balances.
  await createAccount(page, 'Banco do Brasil', 'Banco', '1.000,00');
  await createAccount(page, 'Caixa da loja', 'Dinheiro (caixa)', '200,00');
  await expect(accountBalance(page, 'Banco do Brasil')).toHaveText('R$ 1.000,00');
  await expect(accountBalance(page, 'Caixa da loja')).toHaveText('R$ 200,00');
  await expect(page.getByTestId('contas-total')).toHaveText('R$ 1.200,00');

  // A payable from a pasted boleto: amount, due date and bank are filled.
  await caixaTab(page, 'lancamentos');
  await page.getByTestId('nova-pagar').click();
  await page.getByTestId('colar-boleto').fill('123');
  await page.getByTestId('ler-boleto').click();
  await expect(page.getByTestId('boleto-erro')).toContainText('o boleto tem 3 dígitos');
  await page.getByTestId('colar-boleto').fill(BOLETO);
  await expect(page.getByTestId('boleto-ok')).toContainText('R$ 214,03');
  await expect(page.getByTestId('conta-valor')).toHaveValue('214,03');
  await expect(page.getByTestId('conta-vencimento')).toHaveValue('2022-05-10');
  await expect(page.getByTestId('conta-descricao')).toHaveValue('Boleto Caixa Econômica Federal');
  await page.getByTestId('conta-competencia').fill(today.iso);
  await page.getByTestId('conta-categoria').selectOption({ label: 'Energia elétrica' });
  await page.getByTestId('conta-conta').selectOption({ label: 'Banco do Brasil' });
  await page.getByTestId('conta-salvar').click();
  await expect(page.getByTestId('caixa-notice')).toHaveText('Conta a pagar de R$ 214,03 criada.');
  await expect(page.getByTestId('total-a-pagar')).toHaveText('R$ 214,03');

  // Pay it in part, then the rest.
  const row = page.getByTestId('lancamento').filter({ hasText: 'Boleto Caixa Econômica Federal' });
  await expect(row.getByTestId('lancamento-situacao')).toHaveText('Vencida');
  await row.getByTestId('lancamento-pagar').click();
  await expect(row.getByTestId('pagar-valor')).toHaveValue('214,03');
  await row.getByTestId('pagar-valor').fill('100,00');
  await row.getByTestId('pagar-conta').selectOption({ label: 'Banco do Brasil' });
  await row.getByTestId('pagar-confirmar').click();
  await expect(page.getByTestId('caixa-notice')).toHaveText('Pagamento de R$ 100,00 registrado.');
  await expect(row.getByTestId('lancamento-aberto')).toHaveText('Pago R$ 100,00 · falta R$ 114,03');
  await expect(page.getByTestId('total-a-pagar')).toHaveText('R$ 114,03');
  await row.getByTestId('lancamento-pagar').click();
  await expect(row.getByTestId('pagar-valor')).toHaveValue('114,03');
  await row.getByTestId('pagar-confirmar').click();
  await expect(page.getByTestId('caixa-notice')).toHaveText('Pagamento de R$ 114,03 registrado.');
  await expect(row.getByTestId('lancamento-situacao')).toHaveText('Paga');
  await expect(page.getByTestId('total-pago')).toHaveText('R$ 214,03');
  await expect(page.getByTestId('total-a-pagar')).toHaveText('R$ 0,00');

  // The bank balance went down by the boleto.
  await caixaTab(page, 'contas');
  await expect(accountBalance(page, 'Banco do Brasil')).toHaveText('R$ 785,97');

  // A transfer from the bank to the cash drawer.
  await caixaTab(page, 'transferencias');
  await page.getByTestId('transf-de').selectOption({ label: 'Banco do Brasil' });
  await page.getByTestId('transf-para').selectOption({ label: 'Caixa da loja' });
  await page.getByTestId('transf-valor').fill('85,97');
  await page.getByTestId('transf-salvar').click();
  await expect(page.getByTestId('caixa-notice')).toHaveText('Transferência de R$ 85,97 registrada.');
  await expect(page.getByTestId('transferencia')).toContainText('Banco do Brasil → Caixa da loja');
  await caixaTab(page, 'contas');
  await expect(accountBalance(page, 'Banco do Brasil')).toHaveText('R$ 700,00');
  await expect(accountBalance(page, 'Caixa da loja')).toHaveText('R$ 285,97');
  await expect(page.getByTestId('contas-total')).toHaveText('R$ 985,97');

  // A receivable due today.
  await caixaTab(page, 'lancamentos');
  await page.getByTestId('nova-receber').click();
  await expect(page.getByTestId('colar-boleto')).toHaveCount(0);
  await page.getByTestId('conta-descricao').fill('Conserto de forno');
  await page.getByTestId('conta-salvar').click();
  await expect(page.getByTestId('conta-erro')).toHaveText('Valor: Informe um valor.');
  await expect(page.getByTestId('conta-descricao')).toHaveValue('Conserto de forno');
  await page.getByTestId('conta-valor').fill('350');
  await page.getByTestId('conta-categoria').selectOption({ label: 'Prestação de serviços' });
  await page.getByTestId('conta-salvar').click();
  await expect(page.getByTestId('caixa-notice')).toHaveText('Conta a receber de R$ 350,00 criada.');
  await expect(page.getByTestId('total-a-receber')).toHaveText('R$ 350,00');

  // Filters: only what is still to receive.
  await page.getByText('Filtros', { exact: true }).click();
  await page.getByTestId('filtro-situacao').selectOption('abertos');
  await expect(page.getByTestId('lancamento')).toHaveCount(1);
  await expect(page.getByTestId('lancamento')).toContainText('Conserto de forno');
  await page.getByTestId('filtro-situacao').selectOption('todos');
  await expect(page.getByTestId('lancamento')).toHaveCount(2);

  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: test.info().outputPath('caixa.png') });
  await caixaTab(page, 'contas');
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: test.info().outputPath('caixa-contas.png'), fullPage: true });

  // Relatórios: the numbers entered.
  await openArea(page, area('Relatórios'));
  await expect(page.getByTestId('area-title')).toHaveText('Relatórios');
  const flow = page.locator(`[data-testid=fluxo-linha][data-mes="${today.month}"]`);
  await expect(flow.locator('td').nth(0)).toHaveText('R$ 0,00');
  await expect(flow.locator('td').nth(1)).toHaveText('R$ 214,03');
  await expect(flow.locator('td').nth(2)).toHaveText('R$ 350,00');
  await expect(flow.locator('td').nth(3)).toHaveText('R$ 0,00');
  await expect(flow.locator('td').nth(4)).toHaveText('R$ 1.335,97');
  await expect(page.locator('[data-testid=dre-despesa][data-categoria="Energia elétrica"] td')).toHaveText('R$ 214,03');
  await expect(page.locator('[data-testid=dre-receita][data-categoria="Prestação de serviços"] td')).toHaveText('R$ 350,00');
  await expect(page.getByTestId('dre-total-despesas')).toHaveText('R$ 214,03');
  await expect(page.getByTestId('dre-total-receitas')).toHaveText('R$ 350,00');
  await expect(page.getByTestId('dre-resultado')).toHaveText('R$ 135,97');
  const aging = page.locator('[data-testid=aging-linha][data-faixa="A vencer"] td');
  await expect(aging.nth(0)).toHaveText('1');
  await expect(aging.nth(1)).toHaveText('R$ 350,00');
  await expect(page.getByTestId('aging-total')).toHaveText('R$ 350,00');
  await expect(page.getByTestId('valor-estoque')).toHaveText('R$ 0,00');
  await expect(page.locator('svg[role=img]').first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: test.info().outputPath('relatorios.png') });
  await page.screenshot({ path: test.info().outputPath('relatorios-full.png'), fullPage: true });

  // Histórico: newest first, every operation of the journey.
  await openArea(page, area('Histórico'));
  await expect(page.getByTestId('area-title')).toHaveText('Histórico');
  const what = page.getByTestId('historico-o-que');
  await expect(what.first()).toHaveText('Lançamento criado');
  await expect(what.filter({ hasText: 'Conta criada' })).toHaveCount(2);
  await expect(what.filter({ hasText: 'Pagamento registrado' })).toHaveCount(2);
  await expect(what.filter({ hasText: 'Transferência entre contas' })).toHaveCount(1);
  await expect(what.filter({ hasText: 'Lançamento criado' })).toHaveCount(2);
  await expect(what.filter({ hasText: 'Negócio criado' })).toHaveCount(1);
  await expect(page.getByTestId('historico-linha').first()).toContainText(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: test.info().outputPath('historico.png') });

  // A history line opens its record.
  await page.getByTestId('historico-linha').filter({ hasText: 'Pagamento registrado' }).first().getByRole('link', { name: 'Ver registro' }).click();
  await expect(page.getByTestId('area-title')).toHaveText('Caixa');
  await expect(page.getByTestId('lancamento')).toHaveCount(1);
  await expect(page.getByTestId('lancamento')).toContainText('Boleto Caixa Econômica Federal');
});
