import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { waitForServiceWorker } from './pages';

// A first visit starts the door (src/door.rs, src/boot.js): the welcome screen without
// the app's wasm. The app is loaded when the person acts, and takes over what they did.

/** The wasm files this page has fetched itself, by kind. */
async function wasmLoaded(page: Page) {
  const names: string[] = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((r) => r.name).filter((n) => n.endsWith('.wasm')),
  );
  return {
    door: names.some((n) => n.includes('retaguarda-door')),
    app: names.some((n) => n.includes('retaguarda-app')),
  };
}

test('a first visit shows the welcome screen without fetching the app, and starting loads it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('welcome-form')).toBeVisible();
  expect(await wasmLoaded(page)).toEqual({ door: true, app: false });

  await page.getByLabel('Nome do negócio').fill('Salão da Rosa');
  await page.getByRole('button', { name: 'Começar' }).click();
  await expect(page.getByTestId('area-title')).toHaveText('Início');
  await expect(page.getByTestId('business-name')).toHaveText('Salão da Rosa');
  // The door has left the page: one welcome form was ever there, and now none.
  await expect(page.getByTestId('welcome-form')).toHaveCount(0);
  expect((await wasmLoaded(page)).app).toBe(true);

  // From now on this browser has data, and the app starts at once.
  await page.reload();
  await expect(page.getByTestId('business-name')).toHaveText('Salão da Rosa');
  expect(await wasmLoaded(page)).toEqual({ door: false, app: true });
});

test('a deep link on a first visit lands where it pointed once the business exists', async ({ page }) => {
  await page.goto('/estoque');
  await page.getByLabel('Nome do negócio').fill('Oficina do Zé');
  await page.getByRole('button', { name: 'Começar' }).click();
  await expect(page.getByTestId('area-title')).toHaveText('Estoque');
  await expect(page.getByTestId('business-name')).toHaveText('Oficina do Zé');
});

test.describe('without the network', () => {
  // The service worker would answer from its cache; this is a first visit that cannot reach the server.
  test.use({ serviceWorkers: 'block' });

  test('if the app cannot be fetched, the door says so in Portuguese and keeps what was typed', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('welcome-form')).toBeVisible();
    await page.route(/retaguarda-app-.*\.wasm$/, (route) => route.abort('internetdisconnected'));
    const name = page.getByLabel('Nome do negócio');
    await name.fill('Padaria Sem Rede');
    await page.getByRole('button', { name: 'Começar' }).click();
    await expect(page.getByRole('alert')).toContainText('Não foi possível carregar a Retaguarda');
    await expect(name).toHaveValue('Padaria Sem Rede');

    // Back online, the same click goes on.
    await page.unroute(/retaguarda-app-.*\.wasm$/);
    await page.getByRole('button', { name: 'Começar' }).click();
    await expect(page.getByTestId('business-name')).toHaveText('Padaria Sem Rede');
  });
});

test('an invite link starts the app itself, which asks before joining', async ({ page }) => {
  await page.goto('/#join=abc');
  await expect(page.getByTestId('join-prompt')).toBeVisible();
  expect(await wasmLoaded(page)).toEqual({ door: false, app: true });
});

// The service worker precaches the whole build for offline use. A file whose name carries its
// content hash comes from the browser's HTTP cache, where the page has just put it, so a
// first visit that starts the app at once (an invite link) downloads its wasm once, not twice.
test('a first visit downloads the app once, though the service worker precaches it', async ({ page, context }) => {
  const seen: Promise<string | null>[] = [];
  context.on('requestfinished', (req) => {
    if (!/\/retaguarda-app-[0-9a-f]+_bg\.wasm$/.test(req.url())) return;
    // A body that came over the network has a size; one from the HTTP cache has none.
    seen.push(req.sizes().then((s) => (s.responseBodySize > 0 ? (req.serviceWorker() ? 'service worker' : 'page') : null)));
  });
  await page.goto('/#join=abc');
  await expect(page.getByTestId('join-prompt')).toBeVisible();
  await waitForServiceWorker(page);
  const downloads = (await Promise.all(seen)).filter((who) => who !== null);
  expect(seen.length, 'the page and the service worker both asked for the wasm').toBeGreaterThanOrEqual(2);
  expect(downloads).toEqual(['page']);
});
