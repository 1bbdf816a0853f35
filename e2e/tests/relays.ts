import { BrowserContext, Page } from '@playwright/test';
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';

// Journeys that run relays of their own (peer to peer, the shop's hub, hub and cloud):
// starting and stopping a relay process, and the hub's pairing as a person does it.

const root = path.resolve(__dirname, '..', '..');
export const dist = process.env.E2E_DIST || `${root}/dist`;
const relayBin = process.env.E2E_RELAY || `${root}/target/server/retaguarda-relay`;

/** Starts a relay process with `args`; resolves once `base`/healthz answers. */
export async function startRelay(base: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(relayBin, args, { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`relay at ${base} did not start`);
}

/** Stops a relay process and waits until it has exited. */
export async function stopRelay(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** The pairing line, as a person copies it from the hub's own page (fetched outside the
 * app's pages: their service worker answers navigations with the app). */
export async function pairingText(hubBase: string): Promise<string> {
  const html = await (await fetch(`${hubBase}/hub`)).text();
  const line = html.match(/<code>(retaguarda-hub:1 [^<]+)<\/code>/);
  if (!line) throw new Error('no pairing line on /hub');
  return line[1].trim();
}

/** Direct links between the pages never open; the hub's channel ("retaguarda-hub") does. */
export async function onlyTheHub(context: BrowserContext) {
  await context.addInitScript(() => {
    const create = RTCPeerConnection.prototype.createDataChannel;
    RTCPeerConnection.prototype.createDataChannel = function (label: string, init?: RTCDataChannelInit) {
      const on = label === 'retaguarda-hub' ? this : new RTCPeerConnection();
      return create.call(on, label, init);
    };
  });
}

/** Every WebSocket to the cloud relay is refused from now on. */
export async function cutCloud(context: BrowserContext) {
  await context.routeWebSocket(/\/v1\/sync/, (ws) => ws.close());
}

/** Pastes `text` in Configurações > Rede da loja and pairs. */
export async function pair(page: Page, text: string) {
  await page.goto('/configuracoes');
  const section = page.getByTestId('shop-network');
  await section.getByLabel('Texto de pareamento do hub').fill(text);
  await section.getByTestId('hub-pair').click();
}

/** The p-th percentile of `values` (nearest rank), for the benchmarks' figures. */
export function pct(values: number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
