import { test, expect } from './fixtures';
import { openApp } from './pages';

// Each Início tile opens its list: the due-today and due-this-week tiles open Caixa with the
// filters that select the same open entries the tile adds up.
test('the payable and receivable tiles open Caixa already filtered', async ({ page }) => {
  await openApp(page);
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });

  await page.getByTestId('tile-payable-today').click();
  await expect(page.getByTestId('area-title')).toHaveText('Caixa');
  await expect(page.getByTestId('filtro-tipo')).toHaveValue('pagar');
  await expect(page.getByTestId('filtro-situacao')).toHaveValue('abertos');
  await expect(page.getByTestId('filtro-de')).toHaveValue(today);
  await expect(page.getByTestId('filtro-ate')).toHaveValue(today);

  await page.goto('/');
  await page.getByTestId('tile-receivable-week').click();
  await expect(page.getByTestId('filtro-tipo')).toHaveValue('receber');
  await expect(page.getByTestId('filtro-de')).toHaveValue(today);
  const weekEnd = await page.getByTestId('filtro-ate').inputValue();
  expect(weekEnd >= today).toBe(true);

  await page.goto('/');
  await page.getByTestId('tile-cash').click();
  await expect(page).toHaveURL(/\/caixa\?aba=contas/);
});
