import { BrowserContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromiumArgs } from '../playwright.config';
import { createTeam, joinTeam, openApp, waitForServiceWorker } from './pages';
import { expectAccessible, fillCharge } from './cobrancas-pages';
import { cutCloud, dist, onlyTheHub, pair, pairingText, startRelay, stopRelay } from './relays';

// Issue 30, the hub and the cloud together (docs/SYNC.md sections 11 and 11.1), as in a
// shop: the app is served by the cloud relay and the team was made through it while the
// internet worked; then the cloud is gone (its process stopped: nothing answers on its
// port). The shop's hub is a SEPARATE relay process (its own data folder and port) started
// with `--hub-udp` and `--upstream` pointing at the cloud. Two phones, running the app
// their service worker keeps, pair with the hub by the text of its /hub page and sync
// through it. Then the cloud starts again on the same data folder: the hub forwards what it
// carried, and a third phone that only reaches the cloud gets every change; its own change
// comes back to the shop's phones through the hub.
//
// The shop's two phones never reach the cloud again in this journey (their WebSockets to
// /v1/sync refused from the moment it stops, with Playwright's routeWebSocket), so what the
// third phone gets came through the hub's forwarding and nothing else. Direct links between
// pages are taken away as in hub-sync.spec.ts (only the hub's data channel connects).
test.use({
  launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
  actionTimeout: 20_000,
  navigationTimeout: 30_000,
});

const e2ePort = Number(process.env.E2E_PORT || 4181);
const cloudPort = e2ePort + 1;
const hubPort = e2ePort + 2;
const udp = e2ePort + 2_770;
const cloudBase = `http://127.0.0.1:${cloudPort}`;
const hubBase = `http://127.0.0.1:${hubPort}`;

/** The cloud relay: serves the app and its sync endpoint, keeping its store in `data`. */
function startCloud(data: string): Promise<ChildProcess> {
  return startRelay(cloudBase, ['--app', dist, '--data', data, '--listen', `127.0.0.1:${cloudPort}`]);
}

/** The shop's hub: its own store, its UDP port for the phones, forwarding to the cloud. */
function startHub(data: string): Promise<ChildProcess> {
  return startRelay(hubBase, [
    '--app', dist, '--data', data, '--listen', `127.0.0.1:${hubPort}`,
    '--hub-udp', `127.0.0.1:${udp}`,
    '--upstream', `ws://127.0.0.1:${cloudPort}/v1/sync`,
  ]);
}

/** Renames the business from Configurações. */
async function rename(page: Page, name: string) {
  await page.goto('/configuracoes');
  const form = page.getByTestId('profile-form');
  await form.getByLabel('Nome do negócio').fill(name);
  await form.getByRole('button', { name: 'Salvar empresa' }).click();
  await expect(form.getByRole('status')).toHaveText('Dados da empresa salvos.');
}

/** The value of one counter in the relay's /metrics text (0 when absent). */
function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

const viaHub = /^Sincronizado.* pela rede da loja$/;
const viaRelay = /^Sincronizado às \d\d:\d\d$/;

test('phones sync through the hub with the cloud stopped; once it starts, a phone on the cloud alone gets everything', async ({ browser }, info) => {
  test.setTimeout(240_000);
  test.skip(info.project.name !== 'phone', 'one viewport is enough for a three-device journey');
  const cloudData = fs.mkdtempSync(path.join(os.tmpdir(), 'retaguarda-e2e-30c-cloud-'));
  const hubData = fs.mkdtempSync(path.join(os.tmpdir(), 'retaguarda-e2e-30c-hub-'));
  let cloud = await startCloud(cloudData);
  let hub: ChildProcess | undefined;
  // Every phone loads the app from the cloud: its relay is the cloud.
  const a = await browser.newContext({ baseURL: cloudBase });
  const b = await browser.newContext({ baseURL: cloudBase });
  const c = await browser.newContext({ baseURL: cloudBase });
  for (const ctx of [a, b, c]) await onlyTheHub(ctx);
  try {
    // While the internet works: A makes the team on the cloud, B joins; both keep the app.
    const pa = await a.newPage();
    await openApp(pa, '/', 'Padaria da Esquina');
    const link = await createTeam(pa);
    const pb = await joinTeam(b, link, 'Padaria da Esquina');
    for (const p of [pa, pb]) await waitForServiceWorker(p);

    // The internet drops: the cloud is gone, and the shop's phones cannot reach it.
    await stopRelay(cloud);
    for (const ctx of [a, b]) await cutCloud(ctx);
    await pa.goto('/configuracoes');
    await pb.goto('/configuracoes');
    for (const p of [pa, pb]) {
      await expect(p.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'reconnecting', { timeout: 15_000 });
    }

    // The shop's hub starts (its cloud unreachable) and both phones pair by its text.
    hub = await startHub(hubData);
    const text = await pairingText(hubBase);
    expect(text).toMatch(new RegExp(`^retaguarda-hub:1 127\\.0\\.0\\.1:${udp} ([0-9A-F]{2}:){31}[0-9A-F]{2}$`));
    for (const p of [pa, pb]) {
      await pair(p, text);
      await expect(p.getByTestId('hub-paired')).toHaveText(`Pareado com o hub em 127.0.0.1:${udp}.`);
      await expect(p.getByTestId('sync-indicator')).toHaveText(viaHub, { timeout: 15_000 });
      await expect(p.getByTestId('hub-status')).toHaveText('Sincronizando pela rede da loja.');
    }
    // Configurações with the hub carrying sync while the cloud is down.
    await expectAccessible(pa);

    // A renames the business and B writes a charge: each reaches the other through the hub.
    await rename(pa, 'Padaria da Esquina (loja)');
    await expect(pb.getByTestId('business-name')).toHaveText('Padaria da Esquina (loja)', { timeout: 5_000 });
    await pb.goto('/cobrancas');
    await pb.getByTestId('new-charge').click();
    await fillCharge(pb, { newCustomer: 'Ana da Rede', amount: '18,40', description: 'Pães da semana' });
    await expect(pb.getByTestId('charge-amount')).toHaveText('R$ 18,40');
    await pa.goto('/cobrancas');
    await expect(pa.getByText('Ana da Rede').first()).toBeVisible({ timeout: 5_000 });
    for (const p of [pa, pb]) {
      await expect(p.getByTestId('sync-indicator')).toHaveText(viaHub);
      await expect(p.getByTestId('sync-direct')).toHaveCount(0);
    }

    // The internet returns: the cloud starts again on its own data. A third phone that
    // only reaches the cloud joins the team and gets every change the hub carried.
    cloud = await startCloud(cloudData);
    // (The hub tries the cloud again with the devices' backoff, at most 15 s apart.)
    const pc = await c.newPage();
    await pc.goto(link.replace(/^https?:\/\/[^/]+/, ''));
    await pc.getByRole('button', { name: 'Entrar na equipe' }).click();
    await expect(pc.getByTestId('business-name')).toHaveText('Padaria da Esquina (loja)', { timeout: 30_000 });
    await expect(pc.getByTestId('sync-indicator')).toHaveText(viaRelay);
    await pc.goto('/cobrancas');
    await expect(pc.getByRole('link', { name: /^Ana da Rede Pães da semana .* R\$ 18,40 Pendente$/ })).toBeVisible({ timeout: 5_000 });
    // Once, not twice: the charge came through the hub and the cloud, and is applied once.
    await expect(pc.getByRole('tab', { name: 'Pendentes 1 R$ 18,40' })).toBeVisible();
    await expect(pc.getByRole('tabpanel').getByRole('listitem')).toHaveCount(1);
    await expectAccessible(pc);

    // And the cloud phone's change comes down to the shop's phones through the hub.
    await rename(pc, 'Padaria da Esquina (nuvem)');
    for (const p of [pa, pb]) {
      await expect(p.getByTestId('business-name')).toHaveText('Padaria da Esquina (nuvem)', { timeout: 20_000 });
      await expect(p.getByTestId('sync-indicator')).toHaveText(viaHub);
    }
    // The hub's own count of what it forwarded: the room is live with the cloud, blobs
    // went up (the shop's changes) and came down (the team made on the cloud, C's rename).
    const metrics = await (await fetch(`${hubBase}/metrics`)).text();
    expect(metric(metrics, 'retaguarda_relay_upstream_rooms_live')).toBe(1);
    expect(metric(metrics, 'retaguarda_relay_upstream_pushed_total')).toBeGreaterThan(0);
    expect(metric(metrics, 'retaguarda_relay_upstream_pulled_total')).toBeGreaterThan(0);
  } finally {
    await a.close();
    await b.close();
    await c.close();
    if (hub) await stopRelay(hub);
    await stopRelay(cloud);
  }
});
