import { chromium } from '@playwright/test';
import { test, expect } from './fixtures';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromiumArgs } from '../playwright.config';
import { openApp } from './pages';

async function saveProfile(page: import('@playwright/test').Page, fields: { name?: string; city?: string }) {
  await page.goto('/configuracoes');
  const form = page.getByTestId('profile-form');
  if (fields.name !== undefined) await form.getByLabel('Nome do negócio').fill(fields.name);
  if (fields.city !== undefined) await form.getByLabel('Cidade').fill(fields.city);
  await form.getByRole('button', { name: 'Salvar empresa' }).click();
  await expect(form.getByRole('status')).toHaveText('Dados da empresa salvos.');
}

test('what was saved is there after a reload', async ({ page }) => {
  await openApp(page, '/', 'Oficina do Zé');
  await saveProfile(page, { city: 'Campinas' });
  await page.reload();
  await expect(page.getByTestId('profile-form').getByLabel('Cidade')).toHaveValue('Campinas');
  await expect(page.getByTestId('business-name')).toHaveText('Oficina do Zé');
});

test('two tabs see each other\'s changes without a reload', async ({ page, context }) => {
  await openApp(page, '/', 'Salão Bela');
  const other = await context.newPage();
  await other.goto('/');
  await expect(other.getByTestId('business-name')).toHaveText('Salão Bela');
  await saveProfile(page, { name: 'Salão Bela Vista' });
  await expect(other.getByTestId('business-name')).toHaveText('Salão Bela Vista', { timeout: 1500 });
  // And the other way round.
  await saveProfile(other, { name: 'Salão Bela Vista II' });
  await expect(page.getByTestId('business-name')).toHaveText('Salão Bela Vista II', { timeout: 1500 });
});

test('a backup from one browser restores into a fresh one with the same content', async ({ page, baseURL }, info) => {
  // Two browsers and a download: slower than one page on a busy machine.
  test.setTimeout(120_000);
  await openApp(page, '/', 'Padaria Backup');
  await saveProfile(page, { city: 'Recife' });
  // A customer too, so the backup holds records beside the profile.
  await page.goto('/clientes');
  await page.getByTestId('new-party').click();
  await page.getByTestId('party-form').getByLabel('Nome', { exact: true }).fill('Dona Cida');
  await page.getByTestId('party-form').getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByTestId('party-name')).toHaveText('Dona Cida');
  await page.goto('/configuracoes');
  // No backup yet: Configurações says so.
  await expect(page.getByTestId('backup-warning')).toBeVisible();
  await expect(page.getByTestId('last-backup')).toHaveText('Nunca');
  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('backup-download').click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^padaria-backup-\d{4}-\d{2}-\d{2}\.retaguarda$/);
  const file = info.outputPath('backup.retaguarda');
  await download.saveAs(file);
  await expect(page.getByTestId('last-backup')).not.toHaveText('Nunca');
  await expect(page.getByTestId('backup-warning')).toHaveCount(0);

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'retaguarda-restore-'));
  const fresh = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: chromiumArgs, baseURL });
  try {
    const p2 = await fresh.newPage();
    await p2.goto('/');
    await p2.getByLabel('Restaurar um backup (.retaguarda)').setInputFiles(file);
    const preview = p2.getByTestId('restore-preview');
    await expect(preview).toContainText('Padaria Backup');
    await expect(preview).toContainText('Categorias');
    await expect(preview).toContainText('Clientes e fornecedores: 1');
    await preview.getByRole('button', { name: 'Restaurar backup' }).click();
    await expect(p2.getByTestId('business-name')).toHaveText('Padaria Backup');
    await p2.goto('/configuracoes');
    await expect(p2.getByTestId('profile-form').getByLabel('Cidade')).toHaveValue('Recife');
    await p2.goto('/clientes');
    await expect(p2.getByTestId('party-list')).toContainText('Dona Cida');
    // A backup taken from the restored browser holds exactly the same document.
    await p2.goto('/configuracoes');
    const again = p2.waitForEvent('download');
    await p2.getByTestId('backup-download').click();
    const second = info.outputPath('backup-again.retaguarda');
    await (await again).saveAs(second);
    expect(fs.readFileSync(second).equals(fs.readFileSync(file))).toBe(true);
  } finally {
    await fresh.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('a file that is not a backup is refused with a clear message', async ({ page }, info) => {
  await openApp(page, '/', 'Padaria');
  await page.goto('/configuracoes');
  const bogus = info.outputPath('nota.retaguarda');
  fs.writeFileSync(bogus, 'isto não é um backup');
  await page.getByLabel('Restaurar ou juntar um backup (.retaguarda)').setInputFiles(bogus);
  await expect(page.getByRole('alert')).toContainText('não é um backup do Retaguarda');
  await expect(page.getByTestId('business-name')).toHaveText('Padaria');
});
