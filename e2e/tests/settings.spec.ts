import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { openApp } from './pages';

// A Pixel 7's Chrome, as it introduces itself.
const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';
test.use({ userAgent: ANDROID });

test('a phone names itself after its user agent, and Configurações saves, refuses and passes axe', async ({ page }) => {
  await openApp(page, '/configuracoes');
  await expect(page.getByTestId('area-title')).toHaveText('Configurações');

  // Issue 22: an Android phone is not "Computador".
  await expect(page.getByLabel('Nome deste aparelho')).toHaveValue('Celular Android');
  await expect(page.getByTestId('devices')).toContainText('Celular Android');

  // The sync section is named apart from Equipe (the staff).
  await expect(page.getByRole('heading', { name: 'Sincronização entre aparelhos' })).toBeVisible();

  // A refused profile keeps what was typed and says why; a good one is saved.
  const profile = page.getByTestId('profile-form');
  await profile.getByLabel('CPF ou CNPJ').fill('123');
  await profile.getByRole('button', { name: 'Salvar empresa' }).click();
  await expect(profile.getByRole('alert')).toBeVisible();
  await expect(profile.getByLabel('CPF ou CNPJ')).toHaveValue('123');
  await profile.getByLabel('CPF ou CNPJ').fill('11.222.333/0001-81');
  await profile.getByLabel('Nome do negócio').fill('Padaria Nova');
  await profile.getByRole('button', { name: 'Salvar empresa' }).click();
  await expect(profile.getByRole('status')).toContainText('Dados da empresa salvos.');
  await expect(page.getByTestId('business-name')).toHaveText('Padaria Nova');

  // Renaming the device shows in the list of devices that wrote data.
  await page.getByLabel('Nome deste aparelho').fill('Celular da Ana');
  await page.getByRole('button', { name: 'Salvar nome' }).click();
  await expect(page.getByText('Nome do aparelho salvo.')).toBeVisible();

  const r = await new AxeBuilder({ page }).exclude('.sync-indicator').analyze();
  const bad = r.violations.filter(v => ['moderate', 'serious', 'critical'].includes(v.impact!));
  expect(bad.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
