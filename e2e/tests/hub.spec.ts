import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromiumArgs } from '../playwright.config';

// The LAN hub (issue 30, docs/SYNC.md section 11), seen by real Chromium: the
// pairing line is read from the hub's own page, the page makes its offer with
// no munging and sets as answer the SDP built from the pairing alone
// (ICE-lite, derived credentials, the certificate's fingerprint), and the data
// channel reaches the relay behind the hub. The app's side (pairing in
// Configurações, syncing through the hub) is not built yet.
//
// Chromium 156 needed no flag for this: the hub's candidate is in the answer,
// and a loopback remote candidate is allowed without
// --allow-loopback-in-peer-connection. The mDNS flag is kept off as well.
test.use({ launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs } });

const port = Number(process.env.E2E_PORT || 4181) + 23_000;
const udp = port + 1;
const root = path.resolve(__dirname, '..', '..');
const dist = process.env.E2E_DIST || `${root}/dist`;
const relayBin = process.env.E2E_RELAY || `${root}/target/server/retaguarda-relay`;

/** Starts the relay with the hub; resolves with the pairing line it prints. */
async function startHub(data: string): Promise<{ child: ChildProcess; printed: Promise<string> }> {
  const child = spawn(
    relayBin,
    ['--app', dist, '--data', data, '--listen', `127.0.0.1:${port}`, '--hub-udp', `127.0.0.1:${udp}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const printed = new Promise<string>((resolve) => {
    let text = '';
    child.stderr?.on('data', (chunk) => {
      text += chunk.toString();
      const line = text.match(/pareamento: (retaguarda-hub:1 \S+ \S+)/);
      if (line) resolve(line[1]);
    });
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return { child, printed };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('relay did not start');
}

/** Connects the page to the hub by `pairing`; `tamper` changes only the
 * fingerprint the page expects. Resolves with what happened. */
async function connect(page: Page, pairing: string, tamper = false) {
  return page.evaluate(
    async ([pairing, tamper]) => {
      const [, addr, fp] = (pairing as string).trim().split(/\s+/);
      const at = addr.lastIndexOf(':');
      const ip = addr.slice(0, at);
      const hubPort = addr.slice(at + 1);
      const pwd = fp.split(':').slice(0, 16).join('').toLowerCase();
      const expected = tamper ? `00${fp.slice(2)}` : fp;
      const pc = new RTCPeerConnection({ iceServers: [] });
      const dc = pc.createDataChannel('retaguarda');
      dc.binaryType = 'arraybuffer';
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      const mid = (offer.sdp?.match(/a=mid:(\S+)/) ?? [, '0'])[1];
      // The same lines as core's HubPairing::answer_sdp.
      const answer = [
        'v=0', `o=- 0 0 IN IP4 ${ip}`, 's=-', 't=0 0', 'a=ice-lite',
        `m=application ${hubPort} UDP/DTLS/SCTP webrtc-datachannel`, `c=IN IP4 ${ip}`, `a=mid:${mid}`,
        'a=ice-ufrag:retaguardahub', `a=ice-pwd:${pwd}`, `a=fingerprint:sha-256 ${expected}`,
        'a=setup:passive', 'a=sctp-port:5000', 'a=max-message-size:262144',
        `a=candidate:1 1 UDP 2130706431 ${ip} ${hubPort} typ host`, 'a=end-of-candidates', '',
      ].join('\r\n');
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
      const opened = await new Promise<boolean>((resolve) => {
        dc.onopen = () => resolve(true);
        setTimeout(() => resolve(false), 5000);
      });
      if (!opened) return { opened, state: pc.connectionState, reply: -1 };
      const reply = new Promise<number>((resolve) => {
        dc.onmessage = (e) => resolve(new Uint8Array(e.data as ArrayBuffer)[0]);
        setTimeout(() => resolve(-1), 5000);
      });
      // Not a frame: the relay behind the hub answers with its Error frame.
      dc.send(new Uint8Array([0xff, 0, 1]));
      return { opened, state: pc.connectionState, reply: await reply };
    },
    [pairing, tamper] as const,
  );
}

test('Chromium reaches the hub by its pairing line, and only the hub it paired with', async ({ page }) => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'retaguarda-hub-'));
  const { child, printed } = await startHub(data);
  try {
    // The hub's own page shows the pairing (QR code and text), as its terminal does.
    await page.goto(`http://127.0.0.1:${port}/hub`);
    await expect(page.getByRole('heading', { name: 'Parear com o hub da loja' })).toBeVisible();
    await expect(page.locator('svg')).toBeVisible();
    const pairing = (await page.locator('code').innerText()).trim();
    expect(pairing).toBe(await printed);
    expect(pairing).toMatch(new RegExp(`^retaguarda-hub:1 127\\.0\\.0\\.1:${udp} ([0-9A-F]{2}:){31}[0-9A-F]{2}$`));
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => ['critical', 'serious', 'moderate'].includes(v.impact ?? ''))).toEqual([]);

    const good = await connect(page, pairing);
    expect(good).toEqual({ opened: true, state: 'connected', reply: 0x86 });

    // ICE still succeeds (the password comes from the real fingerprint), but
    // Chromium refuses the hub's certificate: no channel.
    const forged = await connect(page, pairing, true);
    expect(forged.opened).toBe(false);
    expect(forged.state).toBe('failed');
  } finally {
    child.kill('SIGKILL');
  }
});
