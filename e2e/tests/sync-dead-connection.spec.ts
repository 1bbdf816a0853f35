import { BrowserContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { createTeam, joinTeam, openApp } from './pages';
import { expectAccessible } from './cobrancas-pages';

// Issue 27: a connection the network drops without closing is noticed, and a relay's
// refusal reaches the person. These journeys run their own relays (a short heartbeat, or
// limits that refuse) beside the one the config starts, on ports 20,000 above E2E_PORT
// (so parallel checkouts with neighbouring ports do not collide).
const basePort = Number(process.env.E2E_PORT || 4181) + 20_000;
const root = path.resolve(__dirname, '..', '..');
const dist = process.env.E2E_DIST || `${root}/dist`;
const relayBin = process.env.E2E_RELAY || `${root}/target/server/retaguarda-relay`;

/** Starts a relay on `port` with extra flags; resolves once /healthz answers. */
async function startRelay(port: number, flags: string[]): Promise<ChildProcess> {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'retaguarda-e2e-27-'));
  const child = spawn(relayBin, ['--app', dist, '--data', data, '--listen', `127.0.0.1:${port}`, ...flags], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`relay on ${port} did not start`);
}

/** A TCP proxy that can silently drop every byte without closing anything, like a Wi-Fi
 * roam or a NAT that forgot the connection: the connections that lived through a blackhole
 * stay dead afterwards, and only new ones carry bytes again. */
class BlackholeProxy {
  private server: net.Server;
  private dead = new Set<net.Socket>();
  private sockets = new Set<net.Socket>();
  blackhole = false;

  constructor(private target: number) {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target, '127.0.0.1');
      this.sockets.add(client).add(upstream);
      if (this.blackhole) this.dead.add(client);
      const alive = () => !this.blackhole && !this.dead.has(client);
      client.on('data', (d) => { if (alive()) upstream.write(d); });
      upstream.on('data', (d) => { if (alive()) client.write(d); });
      const end = () => { client.destroy(); upstream.destroy(); this.sockets.delete(client); this.sockets.delete(upstream); };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve) => this.server.listen(port, '127.0.0.1', () => resolve()));
  }

  /** From now on nothing passes, and what is open now never carries a byte again. */
  cut() {
    this.blackhole = true;
    for (const s of this.sockets) this.dead.add(s);
  }

  restore() {
    this.blackhole = false;
  }

  close() {
    for (const s of this.sockets) s.destroy();
    this.server.close();
  }
}

test('a connection that silently stops carrying bytes is noticed, and what waited is delivered once the path is back', async ({ browser }, info) => {
  test.setTimeout(150_000);
  test.skip(info.project.name !== 'phone', 'one viewport is enough for a two-device journey');
  const relayPort = basePort + 1;
  const proxyPort = basePort + 2;
  // A round trip every second and 1.5 s to answer, handed to the app in Welcome.
  const relay = await startRelay(relayPort, ['--heartbeat-ms', '1000', '--heartbeat-timeout-ms', '1500']);
  const proxy = new BlackholeProxy(relayPort);
  await proxy.listen(proxyPort);
  // Phone A reaches the relay through the proxy; B directly.
  const a: BrowserContext = await browser.newContext({ baseURL: `http://127.0.0.1:${proxyPort}` });
  const b: BrowserContext = await browser.newContext({ baseURL: `http://127.0.0.1:${relayPort}` });
  // This journey is about the relay's path: no direct (WebRTC) link between the phones,
  // which would carry the change past the blackhole (issue 23, p2p.spec.ts).
  for (const c of [a, b]) await c.addInitScript(() => { delete (window as any).RTCPeerConnection; });
  try {
    const pa = await a.newPage();
    await openApp(pa, '/', 'Quitanda Vento Norte');
    const link = await createTeam(pa);
    const pb = await joinTeam(b, link, 'Quitanda Vento Norte');
    const indicator = pa.getByTestId('sync-indicator');
    // Stays in sync over several heartbeats.
    await pa.waitForTimeout(3000);
    await expect(indicator).toHaveAttribute('data-state', 'ok');

    // The path goes silent: no close, no error, just nothing.
    const form = pa.getByTestId('profile-form');
    await expect(form).toBeVisible();
    proxy.cut();
    await expect(indicator).toHaveAttribute('data-state', 'reconnecting', { timeout: 8000 });
    await expect(indicator).toHaveText('Sem conexão com o servidor');
    // A change made meanwhile waits on the phone, and the screen says so.
    await form.getByLabel('Nome do negócio').fill('Quitanda Vento Sul');
    await form.getByRole('button', { name: 'Salvar empresa' }).click();
    await expect(form.getByRole('status')).toHaveText('Dados da empresa salvos.');
    await expect(indicator).toHaveText(/Sem conexão com o servidor \(\d+ pendentes\)/);
    await expect(pa.getByTestId('team-status')).toContainText('Sem conexão com o servidor de sincronização');
    await expect(pa.getByTestId('team-status')).toContainText('fica guardado neste aparelho');
    await expectAccessible(pa);
    await pa.waitForTimeout(4000);
    await expect(pb.getByTestId('business-name')).toHaveText('Quitanda Vento Norte');

    // The path comes back (the old connections stay dead): delivered within 30 s.
    proxy.restore();
    const back = Date.now();
    await expect(pb.getByTestId('business-name')).toHaveText('Quitanda Vento Sul', { timeout: 30_000 });
    expect(Date.now() - back).toBeLessThan(30_000);
    await expect(indicator).toHaveAttribute('data-state', 'ok');
    await expect(pa.getByTestId('team-status')).toHaveText('Em dia com a equipe.');
  } finally {
    await a.close();
    await b.close();
    proxy.close();
    relay.kill('SIGKILL');
  }
});

async function configuracoes(page: Page) {
  await page.goto('/configuracoes');
  await expect(page.getByTestId('area-title')).toHaveText('Configurações');
}

test('a relay that refuses a new team says so on the screen, and the device stays alone', async ({ browser }, info) => {
  test.setTimeout(90_000);
  test.skip(info.project.name !== 'phone', 'one viewport is enough');
  const port = basePort + 3;
  const relay = await startRelay(port, ['--max-rooms', '0']);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await openApp(page, '/', 'Armarinho Linha Fina');
    await configuracoes(page);
    await page.getByLabel('Endereço do servidor de sincronização (vazio = este servidor)').fill(`http://127.0.0.1:${port}`);
    await page.getByTestId('team-create').click();
    const alert = page.locator('#sincronizacao').getByRole('alert');
    await expect(alert).toContainText('O servidor de sincronização recusou a nova equipe', { timeout: 20_000 });
    await expect(alert).toContainText('não aceita novas equipes');
    await expect(alert).toContainText('Criar equipe');
    await expect(page.getByTestId('team-create')).toBeVisible();
    await expect(page.getByTestId('sync-indicator')).toHaveText('Só neste aparelho');
    await expectAccessible(page);
  } finally {
    await context.close();
    relay.kill('SIGKILL');
  }
});

test('a relay that refuses a known team\'s connection shows why on the indicator and in Configurações', async ({ browser }, info) => {
  test.setTimeout(90_000);
  test.skip(info.project.name !== 'phone', 'one viewport is enough');
  const port = basePort + 4;
  let relay = await startRelay(port, []);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await openApp(page, '/', 'Sapataria Passo Certo');
    await configuracoes(page);
    await page.getByLabel('Endereço do servidor de sincronização (vazio = este servidor)').fill(`http://127.0.0.1:${port}`);
    await page.getByTestId('team-create').click();
    await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'ok', { timeout: 20_000 });
    // The relay is replaced by one that lost the team and takes no new team from here.
    const exited = new Promise((r) => relay.once('exit', r));
    relay.kill('SIGKILL');
    await exited;
    relay = await startRelay(port, ['--rooms-per-ip-per-hour', '0']);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    const indicator = page.getByTestId('sync-indicator');
    await expect(indicator).toHaveAttribute('data-state', 'refused', { timeout: 30_000 });
    await expect(indicator).toHaveText(/Recusado pelo servidor/);
    const status = page.getByTestId('team-status');
    await expect(status).toContainText('recusou a conexão');
    await expect(status).toContainText('tente de novo mais tarde');
    await expectAccessible(page);
  } finally {
    await context.close();
    relay.kill('SIGKILL');
  }
});
