import { test, expect } from './fixtures';
import * as fs from 'fs';
import * as path from 'path';
import { openApp } from './pages';
import { createAccount, expectNoSeriousA11yViolations } from './ledger-pages';

// A small bank statement: two lines (a debit of 12,50 and a credit of 40,00), LEDGERBAL 1500.25.
const FIXTURE = path.join(__dirname, '../../crates/formats/tests/fixtures/ofx/sgml_utf8.ofx');
// Conta corrente (2 lines), poupança (1 line) and a credit card (1 line) in one file.
const MULTI = path.join(__dirname, '../../crates/formats/tests/fixtures/ofx/multi_statement.ofx');

test('OFX import proposes new lines, creates an entry, re-import adds nothing; hledger export', async ({ page }) => {
  await openApp(page, '/caixa');
  await createAccount(page, 'Banco Itaú', 'Banco', '0,00');

  await page.goto('/conciliacao');
  await expect(page.getByTestId('area-title')).toHaveText('Conciliação');
  await page.getByLabel('Conta bancária').selectOption({ label: 'Banco Itaú' });
  await page.getByLabel('Arquivo OFX do banco').setInputFiles(FIXTURE);

  const preview = page.getByTestId('ofx-preview');
  await expect(preview).toBeVisible();
  await expect(page.getByTestId('preview-bank')).toHaveText('0341');
  await expect(page.getByTestId('preview-period')).toHaveText('01/03/2025 a 10/03/2025');
  await expect(page.getByTestId('preview-lines')).toHaveText('2');
  await expect(page.getByTestId('preview-ledgerbal')).toHaveText('R$ 1.500,25');
  await page.screenshot({ path: test.info().outputPath('conciliacao-preview.png') });

  await page.getByRole('button', { name: 'Importar extrato' }).click();
  await expect(page.getByTestId('conc-notice')).toContainText('2 linhas novas');
  // No entries exist, so both lines are new.
  await expect(page.getByTestId('line-new')).toHaveCount(2);
  await expect(page.getByTestId('line-matched')).toHaveCount(0);
  await expect(page.getByTestId('balance-check')).toContainText('R$ 1.500,25');
  await page.screenshot({ path: test.info().outputPath('conciliacao.png') });

  const first = page.getByTestId('line-new').filter({ hasText: 'TRANSFERÊNCIA RECEBIDA' });
  await first.getByRole('button', { name: 'Criar lançamento' }).click();
  await expect(page.getByTestId('conc-notice')).toHaveText('Lançamento criado do extrato.');
  await expect(page.getByTestId('line-new')).toHaveCount(1);

  // The same file again: every FITID is known, nothing is added.
  await page.getByLabel('Arquivo OFX do banco').setInputFiles(FIXTURE);
  await page.getByRole('button', { name: 'Importar extrato' }).click();
  await expect(page.getByTestId('conc-notice')).toContainText('0 linhas novas, 2 já importadas');
  await expect(page.getByTestId('line-new')).toHaveCount(1);

  await page.goto('/exportar');
  await expect(page.getByTestId('area-title')).toHaveText('Exportar');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-hledger').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^retaguarda-\d{4}-\d{2}-\d{2}\.journal$/);
  const file = await download.path();
  const text = fs.readFileSync(file!, 'utf8');
  expect(text).toMatch(/Banco.Ita[uú]/);
  expect(text).toContain('40');
});

// A year of a busy account (10,000 lines, about 1.3 MB): the file is read in slices with a
// progress bar, then the preview counts every line.
test('a large statement shows its reading progress, then the preview', async ({ page }, info) => {
  const small = fs.readFileSync(FIXTURE, 'utf8');
  const head = small.slice(0, small.indexOf('<STMTTRN>'));
  // Everything after the last line, down to </OFX>: a file that does not close is refused.
  const tail = small.slice(small.lastIndexOf('</STMTTRN>') + '</STMTTRN>'.length);
  const lines: string[] = [];
  for (let i = 0; i < 10000; i++) {
    const day = String(1 + (i % 9)).padStart(2, '0');
    lines.push(`<STMTTRN>\n<TRNTYPE>DEBIT\n<DTPOSTED>202503${day}\n<TRNAMT>-${(i % 900) + 1}.25\n<FITID>L${i}\n<MEMO>COMPRA CARTAO LOJA NUMERO ${i} CENTRO\n</STMTTRN>`);
  }
  const big = info.outputPath('extrato-grande.ofx');
  fs.writeFileSync(big, `${head}${lines.join('\n')}${tail}`);
  expect(fs.statSync(big).size).toBeGreaterThan(1024 * 1024);

  await openApp(page, '/caixa');
  await createAccount(page, 'Banco Itaú', 'Banco', '0,00');
  await page.goto('/conciliacao');
  await page.getByLabel('Conta bancária').selectOption({ label: 'Banco Itaú' });
  // Record every progress text the page shows, however briefly.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __progress: string[] }).__progress = seen;
    new MutationObserver(() => {
      const p = document.querySelector('[data-testid=ofx-progresso]');
      if (p && seen[seen.length - 1] !== p.textContent) seen.push(p.textContent ?? '');
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByLabel('Arquivo OFX do banco').setInputFiles(big);
  await expect(page.getByTestId('preview-lines')).toHaveText('10000');
  await expect(page.getByTestId('ofx-progresso')).toHaveCount(0);
  const seen = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
  expect(seen.length).toBeGreaterThan(2);
  expect(seen.some((t) => /Lendo o extrato: [1-9]\d?%/.test(t))).toBe(true);
});

// Issue 26: a download cut in the middle of an amount used to import a line invented from
// half of it. It must be refused with the pt-BR message and nothing imported.
test('a truncated statement is refused and imports nothing', async ({ page }) => {
  const whole = fs.readFileSync(FIXTURE, 'utf8');
  const cut = whole.slice(0, whole.indexOf('<TRNAMT>-12') + '<TRNAMT>-1'.length);

  await openApp(page, '/caixa');
  await createAccount(page, 'Banco Itaú', 'Banco', '0,00');
  await page.goto('/conciliacao');
  await page.getByLabel('Conta bancária').selectOption({ label: 'Banco Itaú' });
  await page.getByLabel('Arquivo OFX do banco').setInputFiles({
    name: 'extrato-cortado.ofx',
    mimeType: 'application/x-ofx',
    buffer: Buffer.from(cut, 'utf8'),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('arquivo incompleto');
  await expect(alert).toContainText('Nada foi importado');
  await expect(page.getByTestId('ofx-preview')).toHaveCount(0);
  await expect(page.getByTestId('no-pending')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: test.info().outputPath('conciliacao-cortado.png') });

  // The whole file afterwards imports its two lines, not three.
  await page.getByLabel('Arquivo OFX do banco').setInputFiles(FIXTURE);
  await page.getByRole('button', { name: 'Importar extrato' }).click();
  await expect(page.getByTestId('conc-notice')).toContainText('2 linhas novas');
  await expect(page.getByTestId('line-new')).toHaveCount(2);
});

// Issue 26: a file with conta corrente, poupança and a card lost all but the first. Every
// statement is shown, each goes to the account chosen for it, and the card statement is
// refused into a bank account.
test('a file with several statements shows each and imports each into its own account', async ({ page }) => {
  await openApp(page, '/caixa');
  await createAccount(page, 'Conta corrente', 'Banco', '0,00');
  await createAccount(page, 'Poupança', 'Banco', '0,00');
  await createAccount(page, 'Cartão Visa', 'Outra', '0,00');
  await page.goto('/conciliacao');
  // The file is picked with the app's own button, in pt-BR whatever the browser's language.
  await expect(page.locator('.file-pick .file-button')).toHaveText('Escolher arquivo');
  await page.getByLabel('Arquivo OFX do banco').setInputFiles(MULTI);

  await expect(page.getByTestId('ofx-several')).toHaveText('Este arquivo tem 3 extratos. Escolha a conta de cada um.');
  const cards = page.getByTestId('ofx-preview');
  await expect(cards).toHaveCount(3);
  await expect(cards.getByTestId('preview-kind')).toHaveText(['Conta bancária', 'Conta bancária', 'Cartão de crédito']);
  await expect(cards.getByTestId('preview-account')).toHaveText(['56789-0', '56789-0/500', '5555********1234']);
  await expect(cards.getByTestId('preview-lines')).toHaveText(['2', '1', '1']);
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: test.info().outputPath('conciliacao-varios.png') });

  // Nothing is imported without a chosen account.
  const checking = cards.filter({ hasText: 'Extrato 1' });
  await checking.getByRole('button', { name: 'Importar extrato' }).click();
  // Each statement shows its own error, beside it.
  await expect(checking.getByRole('alert')).toHaveText('Escolha a conta do extrato 1.');

  // The card into a bank account: refused, and the statement stays to be imported.
  const card = cards.filter({ hasText: 'Extrato 3' });
  await card.getByLabel('Importar na conta').selectOption({ label: 'Conta corrente' });
  await card.getByRole('button', { name: 'Importar extrato' }).click();
  await expect(card.getByRole('alert')).toContainText('Este extrato é de cartão de crédito');
  await expect(cards).toHaveCount(3);

  await card.getByLabel('Importar na conta').selectOption({ label: 'Cartão Visa' });
  await card.getByRole('button', { name: 'Importar extrato' }).click();
  await expect(page.getByTestId('conc-notice')).toContainText('1 linhas novas');
  await expect(cards).toHaveCount(2);

  await checking.getByLabel('Importar na conta').selectOption({ label: 'Conta corrente' });
  await checking.getByRole('button', { name: 'Importar extrato' }).click();
  await expect(page.getByTestId('conc-notice')).toContainText('2 linhas novas');
  await expect(page.getByLabel('Conta bancária')).toHaveValue(/.+/);
  await expect(page.getByTestId('line-new')).toHaveCount(2);

  const savings = cards.filter({ hasText: 'Extrato 2' });
  await savings.getByLabel('Importar na conta').selectOption({ label: 'Poupança' });
  await savings.getByRole('button', { name: 'Importar extrato' }).click();
  await expect(page.getByTestId('conc-notice')).toContainText('1 linhas novas');
  await expect(cards).toHaveCount(0);
  // The page now shows the poupança's line.
  await expect(page.getByTestId('line-new')).toHaveCount(1);
  await expect(page.getByTestId('line-new')).toContainText('RENDIMENTO POUPANCA');
});
