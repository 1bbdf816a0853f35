import { test, expect } from './fixtures';
import * as fs from 'fs';
import * as path from 'path';
import { dist } from '../playwright.config';
import { AREAS, openApp, openArea, waitForServiceWorker } from './pages';

// A new build on the server is offered with "Nova versão" and applied only when the person
// asks: until then the page keeps running the build it loaded.
test('a new version is offered and applied only when asked', async ({ page }) => {
  await openApp(page);
  await waitForServiceWorker(page);
  await expect(page.getByTestId('update-banner')).toHaveCount(0);
  const cacheBefore = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('retaguarda-')));
  expect(cacheBefore).toHaveLength(1);

  const swPath = path.join(dist, 'sw.js');
  const original = fs.readFileSync(swPath, 'utf8');
  try {
    // "Deploy" a new build: same files, a new version of the worker.
    fs.writeFileSync(swPath, original.replace(/const VERSION = "([^"]+)"/, 'const VERSION = "$1-nova"'));
    await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())!.update(); });
    const banner = page.getByTestId('update-banner');
    await expect(banner).toContainText('Nova versão disponível');
    // Still the old build in control, and the app still works.
    await openArea(page, AREAS.find((a) => a.label === 'Caixa')!);
    await expect(page.getByTestId('area-title')).toHaveText('Caixa');
    expect(await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('retaguarda-')).length)).toBe(2);

    // Applying it reloads the page once under the new worker.
    const reloaded = page.waitForEvent('load');
    await banner.getByRole('button', { name: 'Atualizar' }).click();
    await reloaded;
    await expect(page.getByTestId('area-title')).toBeVisible();
    await expect.poll(async () => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('retaguarda-'))))
      .toEqual([`${cacheBefore[0]}-nova`]);
    await expect(page.getByTestId('update-banner')).toHaveCount(0);
  } finally {
    fs.writeFileSync(swPath, original);
  }
});
