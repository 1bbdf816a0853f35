import { test, expect } from './fixtures';
import { AREAS, openApp, openArea, waitForServiceWorker } from './pages';

test('after one load the app works with no network', async ({ page, context }) => {
  await openApp(page);
  await expect(page.getByTestId('area-title')).toHaveText('Início');
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('area-title')).toHaveText('Início');
  for (const area of AREAS.slice(1)) {
    await openArea(page, area);
    await expect(page.getByTestId('area-title')).toHaveText(area.label);
  }
  // A deep link typed while offline is served from the cache too.
  await page.goto('/estoque');
  await expect(page.getByTestId('area-title')).toHaveText('Estoque');
  await context.setOffline(false);
});

test('the service worker precaches exactly the files of this build', async ({ page, request }) => {
  const sw = await (await request.get('/sw.js')).text();
  const list: string[] = JSON.parse(sw.match(/const PRECACHE = (\[.*?\]);/)![1]);
  expect(list).toContain('/index.html');
  expect(list.some((f) => /\.wasm$/.test(f))).toBe(true);
  for (const file of list) {
    const res = await request.get(file);
    expect(res.status(), file).toBe(200);
  }
  // Every script and wasm file the page loads is in the list.
  await openApp(page);
  await expect(page.getByTestId('area-title')).toHaveText('Início');
  const loaded = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)
      .filter((p) => /\.(js|wasm|css)$/.test(p) && p !== '/sw.js'));
  for (const p of loaded) expect(list, p).toContain(p);
});
