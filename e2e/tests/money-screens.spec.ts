import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import * as path from 'path';
import { openApp } from './pages';
import { caixaTab, createAccount } from './ledger-pages';

// Issue 22's "Also seen" on the money screens (Caixa, Relatórios, Conciliação, Início,
// Histórico), on a phone: what fails on the old behaviour is named at each step.

const FIXTURE = path.join(__dirname, '../../crates/formats/tests/fixtures/ofx/sgml_utf8.ofx');

/** axe on the screen with data: no critical, serious or moderate violation. The top bar is
 * the shell's (its landmark is reported to the shell's owner). */
async function expectCleanAxe(page: Page) {
  const r = await new AxeBuilder({ page }).exclude('.sync-indicator').exclude('.top-bar').analyze();
  const bad = r.violations.filter(v => ['critical', 'serious', 'moderate'].includes(v.impact!));
  expect(bad.map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Every text link of the content is a target of at least 24 px (WCAG 2.5.8). */
async function expectLinksAtLeast24px(page: Page) {
  const small = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.content a'))
      .filter(a => (a as HTMLElement).offsetParent !== null)
      .map(a => ({ text: (a.textContent || '').trim(), h: a.getBoundingClientRect().height }))
      .filter(a => a.h < 24),
  );
  expect(small).toEqual([]);
}

test('money screens: R$ stays with its number, tabs all visible, charts with a scale, OFX in words, axe clean', async ({ page }) => {
  await openApp(page, '/caixa');
  await createAccount(page, 'Banco Itaú', 'Banco', '1.234,56');

  // "R$" and its number are joined by a no-break space, so they never wrap apart.
  const total = await page.getByTestId('contas-total').textContent();
  expect(total).toBe('R$\u00a01.234,56');

  // Every Caixa tab lies inside the phone's width: none is cut at either end.
  const width = page.viewportSize()!.width;
  for (const tab of ['lancamentos', 'contas', 'categorias', 'transferencias', 'recorrentes']) {
    const box = (await page.getByTestId(`caixa-tab-${tab}`).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width);
  }
  await expectCleanAxe(page);

  // A payable and a receivable, so the lists and reports have data.
  await caixaTab(page, 'lancamentos');
  await page.getByTestId('nova-pagar').click();
  await page.getByTestId('conta-descricao').fill('Aluguel');
  await page.getByTestId('conta-valor').fill('800,00');
  await page.getByTestId('conta-salvar').click();
  await expect(page.getByTestId('caixa-notice')).toHaveText('Conta a pagar de R$ 800,00 criada.');
  await page.getByTestId('nova-receber').click();
  await page.getByTestId('conta-descricao').fill('Encomenda de bolos');
  await page.getByTestId('conta-valor').fill('350,00');
  await page.getByTestId('conta-salvar').click();
  await expect(page.getByTestId('lancamento')).toHaveCount(2);
  // A typing mistake is said in the form, and what was typed stays.
  await page.getByTestId('nova-pagar').click();
  await page.getByTestId('conta-descricao').fill('Luz');
  await page.getByTestId('conta-valor').fill('dez reais');
  await page.getByTestId('conta-salvar').click();
  await expect(page.getByTestId('conta-erro')).toContainText('Valor: Valor inválido: "dez reais"');
  await expect(page.getByTestId('conta-descricao')).toHaveValue('Luz');
  await expect(page.getByTestId('conta-valor')).toHaveAttribute('maxlength', '21');
  await expectCleanAxe(page);
  await expectLinksAtLeast24px(page);

  // Relatórios: every chart has a value scale in reais.
  await page.goto('/relatorios');
  await expect(page.getByTestId('dre-total-despesas')).toHaveText('R$ 800,00');
  const charts = page.locator('svg.chart');
  expect(await charts.count()).toBeGreaterThan(1);
  for (let i = 0; i < await charts.count(); i++) {
    await expect(charts.nth(i).getByTestId('escala').first()).toContainText('R$');
  }
  await expectCleanAxe(page);

  // Conciliação: the preview names the bank's balance in words, not the OFX tag.
  await page.goto('/conciliacao');
  await page.getByLabel('Conta bancária').selectOption({ label: 'Banco Itaú' });
  await page.getByLabel('Arquivo OFX do banco').setInputFiles(FIXTURE);
  await expect(page.getByTestId('ofx-preview')).toContainText('Saldo informado pelo banco');
  await expect(page.getByTestId('ofx-preview')).not.toContainText('LEDGERBAL');
  await expectCleanAxe(page);
  await page.getByRole('button', { name: 'Importar extrato' }).click();
  await expect(page.getByTestId('line-new')).toHaveCount(2);
  await expectCleanAxe(page);

  // Início and Histórico with data.
  await page.goto('/');
  await expect(page.getByTestId('tile-bank').getByTestId('tile-value')).toHaveText('R$ 1.234,56');
  await expectCleanAxe(page);
  await page.goto('/historico');
  await expect(page.getByTestId('historico-linha').first()).toBeVisible();
  await expectCleanAxe(page);
  await expectLinksAtLeast24px(page);
});

test.describe('a browser in English', () => {
  test.use({ locale: 'en-US' });

  test('date fields are typed as dd/mm/aaaa, not the browser\'s mm/dd/yyyy', async ({ page }) => {
    await openApp(page, '/caixa');
    await page.getByTestId('nova-pagar').click();
    const due = page.getByTestId('conta-vencimento');
    await expect(due).toHaveAttribute('type', 'text');
    await expect(due).toHaveAttribute('placeholder', 'dd/mm/aaaa');
    // Today's date is shown the Brazilian way.
    await expect(due).toHaveValue(/^\d{2}\/\d{2}\/\d{4}$/);
    await due.fill('');
    await due.pressSequentially('10052030');
    await expect(due).toHaveValue('10/05/2030');
    await page.getByTestId('conta-descricao').fill('Seguro');
    await page.getByTestId('conta-valor').fill('99,90');
    await page.getByTestId('conta-salvar').click();
    await expect(page.getByTestId('lancamento').first()).toContainText('vence 10/05/2030');
  });
});
