import { test, expect } from './fixtures';
import { openArea, openApp, AREAS } from './pages';

test('every area opens from the navigation', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('area-title')).toHaveText('Início');
  for (const area of AREAS) {
    await openArea(page, area);
    await expect(page.getByTestId('area-title')).toHaveText(area.label);
    await expect(page).toHaveURL(new RegExp(`${area.path}$`));
  }
});

test('the layout fits the viewport: bottom bar on a phone, side bar on a laptop', async ({ page }, info) => {
  await openApp(page);
  const phone = info.project.name === 'phone';
  await expect(page.locator('.bottom-nav')).toBeVisible({ visible: phone });
  await expect(page.locator('.side-nav')).toBeVisible({ visible: !phone });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('an unknown address shows a page in Portuguese, not a blank one', async ({ page }) => {
  await openApp(page);
  await page.goto('/nao-existe');
  await expect(page.getByTestId('area-title')).toHaveText('Página não encontrada');
});
