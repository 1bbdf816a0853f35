import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { openApp } from './pages';
import { createAccount } from './ledger-pages';

// A small bank statement: two lines (a debit of 12,50 and a credit of 40,00), LEDGERBAL 1500.25.
const FIXTURE = path.join(__dirname, '../../crates/formats/tests/fixtures/ofx/sgml_utf8.ofx');

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
  const [head, rest] = small.split('<STMTTRN>', 2);
  const tail = rest.slice(rest.lastIndexOf('</STMTTRN>') + '</STMTTRN>'.length);
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
