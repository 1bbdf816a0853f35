import { BrowserContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromiumArgs } from '../playwright.config';
import { createTeam, joinTeam, openApp } from './pages';
import { expectAccessible } from './cobrancas-pages';
import { dist, pct, startRelay as startProcess, stopRelay } from './relays';

// Issue 23: devices of one team that are online together sync directly (WebRTC), so the
// relay may disappear. These journeys run their own relay (to kill and restart it) on a
// port 21,000 above E2E_PORT.
//
// Headless Chromium and host candidates: Chromium hides a device's LAN address behind an
// mDNS name (`<uuid>.local`) unless the page has camera/microphone permission, and a
// headless machine resolves no mDNS; it also leaves the loopback interface out of ICE.
// `--disable-features=WebRtcHideLocalIpsWithMdns` gives plain host candidates and
// `--allow-loopback-in-peer-connection` lets two pages of one machine pair over 127.0.0.1
// (docs/SYNC.md, section 9). No STUN server: nothing leaves the machine.
test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [...chromiumArgs, '--disable-features=WebRtcHideLocalIpsWithMdns', '--allow-loopback-in-peer-connection'],
  },
});

const port = Number(process.env.E2E_PORT || 4181) + 21_000;

/** Starts the relay on `data`; resolves once /healthz answers. */
function startRelay(data: string): Promise<ChildProcess> {
  return startProcess(`http://127.0.0.1:${port}`, ['--app', dist, '--data', data, '--listen', `127.0.0.1:${port}`]);
}

/** Renames the business from Configurações (the page stays there). */
async function rename(page: Page, name: string) {
  const form = page.getByTestId('profile-form');
  await form.getByLabel('Nome do negócio').fill(name);
  await form.getByRole('button', { name: 'Salvar empresa' }).click();
  await expect(form.getByRole('status')).toHaveText('Dados da empresa salvos.');
}

async function directWith(page: Page, n: number) {
  const text = n === 1 ? 'direto com 1 aparelho' : `direto com ${n} aparelhos`;
  await expect(page.getByTestId('sync-direct')).toHaveText(text, { timeout: 30_000 });
}

test('two phones keep syncing directly when the relay dies, and a third gets everything once it is back', async ({ browser }, info) => {
  test.setTimeout(180_000);
  test.skip(info.project.name !== 'phone', 'one viewport is enough for a journey of three devices');
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'retaguarda-e2e-23-'));
  let relay = await startRelay(data);
  const base = `http://127.0.0.1:${port}`;
  const contexts: BrowserContext[] = [];
  const context = async () => {
    const c = await browser.newContext({ baseURL: base });
    contexts.push(c);
    return c;
  };
  try {
    const a = await context();
    const pa = await a.newPage();
    await openApp(pa, '/', 'Feira Boa Vista');
    const link = await createTeam(pa);
    const b = await context();
    const pb = await joinTeam(b, link, 'Feira Boa Vista');
    const c = await context();
    const pc = await joinTeam(c, link, 'Feira Boa Vista');
    // The third device goes away before anything happens.
    await c.setOffline(true);

    // A and B pair directly: the indicator says so on both.
    await directWith(pa, 1);
    await directWith(pb, 1);
    await pa.goto('/configuracoes');
    await pb.goto('/configuracoes');
    // Both pages reloaded: they pair again by themselves.
    await expect(pa.getByTestId('device-links')).toContainText('conectado direto', { timeout: 30_000 });
    await directWith(pb, 1);
    await expectAccessible(pa);

    // The relay dies.
    await stopRelay(relay);
    await expect(pa.getByTestId('sync-indicator')).toHaveAttribute('data-state', /reconnecting|checking/, { timeout: 40_000 });
    await expect(pa.getByTestId('sync-direct')).toHaveText('direto com 1 aparelho');

    // A change on A shows on B within 2 s, without a reload.
    const started = Date.now();
    await rename(pa, 'Feira Boa Vista Nova');
    await expect(pb.getByTestId('business-name')).toHaveText('Feira Boa Vista Nova', { timeout: 2_000 });
    expect(Date.now() - started).toBeLessThan(4_000);

    // A sale on A (relay still dead) shows on B within 2 s. Both move in the app, without
    // a reload: a reload would drop the direct link, and only the relay introduces peers.
    await pb.locator('.bottom-nav [data-testid=nav-estoque]').click();
    await pa.locator('.bottom-nav [data-testid=nav-estoque]').click();
    await pa.getByTestId('novo-produto').click();
    const product = pa.getByTestId('produto-form');
    await product.getByLabel('Nome').fill('Pão de queijo');
    await product.getByLabel('Código (SKU)').fill('PQ1');
    await product.getByLabel('Custo por unidade (R$)').fill('1,00');
    await product.getByLabel('Preço de venda (R$)').fill('4,50');
    await pa.getByTestId('salvar-produto').press('Enter');
    await expect(pa.getByTestId('produto-form')).toHaveCount(0);
    await pa.getByTestId('nova-venda').click();
    await pa.getByTestId('criar-caixa').press('Enter');
    await pa.getByLabel('Digite o código de barras').fill('PQ1');
    await pa.getByTestId('codigo-form').getByRole('button', { name: 'Adicionar' }).press('Enter');
    await expect(pa.getByTestId('venda-total')).toHaveText('R$ 4,50');
    await pa.getByTestId('confirmar-venda').press('Enter');
    // None in stock: the cashier confirms, and the product shows -1 un on both.
    await pa.getByTestId('vender-mesmo-assim').press('Enter');
    const sold = Date.now();
    await expect(pa.getByTestId('venda-recibo')).toContainText('Venda registrada: R$ 4,50');
    const soldRow = pb.getByTestId('produto-row').filter({ hasText: 'Pão de queijo' });
    await expect(soldRow.getByTestId('produto-estoque')).toContainText('-1 un', { timeout: 2_000 });
    expect(Date.now() - sold).toBeLessThan(4_000);
    await expect(pa.getByTestId('sync-direct')).toHaveText('direto com 1 aparelho');
    // Back to Configurações in the app, where both rename at once.
    for (const p of [pa, pb]) await p.locator('.bottom-nav [data-testid=nav-mais]').click();
    for (const p of [pa, pb]) await p.getByRole('link', { name: /Configurações/ }).click();

    // Both edit the same field at once: they end on the same name.
    await Promise.all([rename(pa, 'Feira do Alto'), rename(pb, 'Feira do Baixo')]);
    await expect(async () => {
      const na = await pa.getByTestId('business-name').textContent();
      const nb = await pb.getByTestId('business-name').textContent();
      expect(na).toBe(nb);
      expect(['Feira do Alto', 'Feira do Baixo']).toContain(na);
    }).toPass({ timeout: 5_000 });
    const agreed = (await pa.getByTestId('business-name').textContent())!;

    // The relay comes back (same data); A and B deliver what they did, and C, offline
    // throughout, gets it all once it is online.
    relay = await startRelay(data);
    await c.setOffline(false);
    await pc.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect(pc.getByTestId('business-name')).toHaveText(agreed, { timeout: 60_000 });
    await expect(pc.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
  } finally {
    for (const c of contexts) await c.close();
    relay.kill('SIGKILL');
  }
});

/** Milliseconds from a rename on A to its display on B, `n` times. */
async function latencies(pa: Page, pb: Page, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const name = `Bazar ${i}`;
    const form = pa.getByTestId('profile-form');
    await form.getByLabel('Nome do negócio').fill(name);
    const started = Date.now();
    await form.getByRole('button', { name: 'Salvar empresa' }).click();
    await pb.waitForFunction((n) => document.querySelector('[data-testid=business-name]')?.textContent === n, name, { polling: 'raf', timeout: 10_000 });
    out.push(Date.now() - started);
  }
  return out;
}

// docs/BENCHMARKS.md: from an operation on A to its display on B, directly and through
// the relay (WebRTC taken away from the pages, so only the relay carries it).
test('benchmark: a change on A displayed on B, directly and through the relay', async ({ browser }, info) => {
  test.setTimeout(300_000);
  test.skip(info.project.name !== 'phone' || !process.env.E2E_BENCH, 'a benchmark, run with E2E_BENCH=1');
  const results: Record<string, number[]> = {};
  for (const mode of ['direct', 'relay']) {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'retaguarda-e2e-23b-'));
    const relay = await startRelay(data);
    const a = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
    const b = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
    try {
      if (mode === 'relay') {
        for (const c of [a, b]) await c.addInitScript(() => { delete (window as any).RTCPeerConnection; });
      }
      const pa = await a.newPage();
      await openApp(pa, '/', 'Bazar');
      const link = await createTeam(pa);
      const pb = await joinTeam(b, link, 'Bazar');
      if (mode === 'direct') {
        await directWith(pa, 1);
        await directWith(pb, 1);
      }
      await pa.goto('/configuracoes');
      await latencies(pa, pb, 3); // warm-up
      results[mode] = await latencies(pa, pb, 50);
    } finally {
      await a.close();
      await b.close();
      relay.kill('SIGKILL');
    }
  }
  for (const [mode, v] of Object.entries(results)) {
    console.log(`BENCH p2p ${mode}: p50 ${pct(v, 50)} ms, p95 ${pct(v, 95)} ms (n=${v.length})`);
  }
});
