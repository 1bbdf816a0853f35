// Browser harness for Retaguarda's figures (issue 9): restores a dataset backup into a
// fresh Chromium profile, then prints cold start to interactive with that data in
// IndexedDB, and one operation in the app (commit + persist + re-render) p50/p95.
// Not a test: it asserts nothing and only prints a table.
//
//   node e2e/bench/app-bench.mjs --url http://127.0.0.1:4199 --backup shop.retaguarda [--runs 30]
//     [--close YYYY-MM-DD]   after the restore, close the period before that day in
//                            Configurações (Fechar período), and time the rest on the live document
//     [--team 1]             before closing, create a team (the whole document goes to the
//                            relay) and close for the team: the mark, then this device's move
//     [--follower 1]         with --team, a second device (its own profile) joins before the
//                            close; its move to the new period is timed from the close
import * as fs from 'node:fs';
import { launch, parseArgs, renames, restore } from './harness.mjs';

const args = parseArgs();
const url = args.url ?? 'http://127.0.0.1:4199';
const backup = args.backup;
const runs = Number(args.runs ?? 30);
const starts = Number(args.starts ?? 5);
if (!backup) {
  console.error('uso: app-bench.mjs --url URL --backup ARQUIVO.retaguarda [--runs N] [--starts N]');
  process.exit(2);
}

const { context, close } = await launch(url);
// A slow phone network for the first visit: 1.6 Mbit/s down, 150 ms round trip.
const SLOW = { kbps: 1600, rttMs: 150 };

/** Opens `/` on a fresh profile; the page's own downloads until the welcome form shows. */
async function welcomeScreen(page) {
  await page.goto('/');
  await page.getByTestId('welcome-form').waitFor();
  return page.evaluate(() => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    return {
      ms: performance.now(),
      bytes: entries.reduce((sum, e) => sum + e.encodedBodySize, 0),
      files: entries.map((e) => new URL(e.name).pathname),
    };
  });
}

/**
 * Everything a first visit of `path` fetches, the page and the service worker together, until
 * the worker controls the page (the whole build precached: the app works offline from then on).
 * Bytes on the wire; a file the worker takes from the HTTP cache counts once.
 */
async function untilOffline(path) {
  const fresh = await launch(url);
  try {
    const sizes = [];
    fresh.context.on('requestfinished', (req) => sizes.push(req.sizes().then((s) => Math.max(0, s.responseBodySize)).catch(() => 0)));
    const p = await fresh.context.newPage();
    await p.goto(path);
    await p.waitForFunction(async () => !!(await navigator.serviceWorker.ready).active && !!navigator.serviceWorker.controller,
      null, { timeout: 600_000 });
    return (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  } finally {
    await fresh.close();
  }
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const ms = (x) => `${x.toFixed(1)} ms`;

let follower = null;
try {
  const page = await context.newPage();
  page.setDefaultTimeout(600_000);

  // A first visit: what the page itself fetched until the welcome screen showed (the
  // service worker's precache of the whole app, for offline use, starts after it and is
  // not counted). Sizes are the bytes on the wire, as the server encoded them.
  const firstVisit = await welcomeScreen(page);
  // The same on a slow phone network, in a browser of its own (a first visit again). CDP
  // throttles the page's requests only, not a service worker's, so the worker is blocked:
  // every byte then goes through the slow network, and its precache gives no head start.
  const slow = await launch(url, { serviceWorkers: 'block' });
  let slowVisit;
  let slowStart;
  try {
    const slowPage = await slow.context.newPage();
    const cdp = await slow.context.newCDPSession(slowPage);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: SLOW.rttMs, downloadThroughput: (SLOW.kbps * 1000) / 8, uploadThroughput: (SLOW.kbps * 500) / 8,
    });
    slowVisit = await welcomeScreen(slowPage);
    // The least patient person: a name typed and Começar clicked as soon as the form shows,
    // so the app's download (which the door leaves for later) is all waited for here.
    await slowPage.getByLabel('Nome do negócio').fill('Padaria Lenta');
    const clickedAt = await slowPage.evaluate(() => performance.now());
    await slowPage.getByRole('button', { name: 'Começar' }).click();
    await slowPage.getByTestId('business-name').getByText('Padaria Lenta').waitFor({ timeout: 120_000 });
    slowStart = (await slowPage.evaluate(() => performance.now())) - clickedAt;
  } finally {
    await slow.close();
  }

  // The whole first visit, until the app works offline: one that starts on the door, and one
  // that starts the app at once (an invite link; the join prompt waits for the person).
  const offlineFromDoor = await untilOffline('/');
  const offlineFromInvite = await untilOffline('/#join=abc');

  // Restore the dataset through the welcome screen, as a person would.
  let t0 = Date.now();
  await restore(page, backup);
  const restoreMs = Date.now() - t0;

  const synced = (p) => p.locator('[data-testid=sync-indicator][data-state=ok]').waitFor();
  let teamMs = null;
  let joinMs = null;
  let followerPage = null;
  if (args.team) {
    await page.goto('/configuracoes');
    t0 = Date.now();
    await page.getByTestId('team-create').click();
    await synced(page);
    teamMs = Date.now() - t0;
    if (args.follower) {
      const link = (await page.getByTestId('invite-link').textContent()).trim();
      follower = await launch(url);
      followerPage = await follower.context.newPage();
      followerPage.setDefaultTimeout(1_800_000);
      t0 = Date.now();
      await followerPage.goto(link.replace(/^https?:\/\/[^/]+/, ''));
      await followerPage.getByRole('button', { name: 'Entrar na equipe' }).click();
      await followerPage.getByTestId('business-name').waitFor();
      await synced(followerPage);
      joinMs = Date.now() - t0;
      await followerPage.goto('/configuracoes');
    }
  }

  let closeMs = null;
  let markMs = null;
  let followerMoveMs = null;
  if (args.close) {
    await page.goto('/configuracoes');
    const section = page.locator('#periodo');
    await section.getByLabel('Fechar o que foi quitado antes de').fill(args.close);
    await section.getByRole('button', { name: 'Fechar período' }).click();
    t0 = Date.now();
    await section.getByRole('button', { name: 'Confirmar fechamento' }).click();
    if (args.team) {
      await section.getByText('Fechamento registrado para a equipe').waitFor();
      markMs = Date.now() - t0;
      await section.getByTestId('closed-periods').waitFor();
    } else {
      await section.getByText('Período fechado.').waitFor();
    }
    closeMs = Date.now() - t0;
    if (followerPage) {
      await followerPage.locator('#periodo').getByText('Período aberto desde').waitFor();
      followerMoveMs = Date.now() - t0;
    }
  }

  // The first operation this device ever makes on the document, timed on its own: Automerge
  // then adds the device to the document's actor table, once per device.
  await page.goto('/configuracoes');
  await page.getByTestId('profile-form').waitFor();
  const firstOp = (await renames(page, 1, 'Primeira'))[0];

  // That operation changed the document after Início's summary was stored, and this page
  // has read no list, so the next start cannot use the summary: Início reads every list.
  await page.goto('/');
  await page.getByTestId('tile-cash').getByTestId('tile-value').waitFor();
  const staleStart = await page.evaluate(() => performance.now());

  // Cold start: a new page load with the data in IndexedDB until Início shows its tiles,
  // and until Configurações' form is usable.
  const coldStarts = [];
  const settingsStarts = [];
  const steps = {};
  for (let i = 0; i < starts; i++) {
    await page.goto('/');
    await page.getByTestId('tile-cash').getByTestId('tile-value').waitFor();
    coldStarts.push(await page.evaluate(() => performance.now()));
    // Where the start went: the wasm's arrival and the app's own marks (src/lib.rs `mark`).
    const marks = await page.evaluate(() => {
      const out = {};
      const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
      if (wasm) out['wasm received'] = wasm.responseEnd;
      for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('rg:')) out[m.name] = m.startTime;
      return out;
    });
    for (const [k, v] of Object.entries(marks)) (steps[k] ??= []).push(v);
    await page.goto('/configuracoes');
    await page.getByTestId('profile-form').waitFor();
    settingsStarts.push(await page.evaluate(() => performance.now()));
  }

  // Operations in daily use: on a device that has written before, after a cold start.
  const ops = await renames(page, runs, 'Loja de teste');

  const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  const size = fs.statSync(backup).size;
  console.log('\n== Retaguarda in headless Chromium ==');
  console.log('| figure | value |');
  console.log('| --- | --- |');
  console.log(`| first visit: the welcome screen, what the page fetched (${firstVisit.files.length} files, on the wire) | ${(firstVisit.bytes / 1024).toFixed(0)} KB |`);
  console.log(`| first visit: the welcome screen shown, from navigation | ${ms(firstVisit.ms)} |`);
  console.log(`| same, on ${SLOW.kbps / 1000} Mbit/s with ${SLOW.rttMs} ms round trips | ${ms(slowVisit.ms)} |`);
  console.log(`| same network: Começar clicked at once, until Início with the new business | ${ms(slowStart)} |`);
  console.log(`| first visit until the app works offline (page and service worker), from the welcome screen | ${(offlineFromDoor / 1024).toFixed(0)} KB |`);
  console.log(`| the same from an invite link (the app starts at once) | ${(offlineFromInvite / 1024).toFixed(0)} KB |`);
  console.log(`| first visit: files | ${firstVisit.files.join(' ')} |`);
  console.log(`| backup file | ${(size / 1024).toFixed(0)} KB |`);
  console.log(`| restore from the welcome screen | ${ms(restoreMs)} |`);
  if (teamMs !== null) console.log(`| create a team (the whole document to the relay, until synced) | ${ms(teamMs)} |`);
  if (joinMs !== null) console.log(`| a second device joins (the whole document from the relay, until synced) | ${ms(joinMs)} |`);
  if (markMs !== null) console.log(`| Fechar período for the team: the mark written and sent (split computed) | ${ms(markMs)} |`);
  if (closeMs !== null) console.log(`| Fechar período before ${args.close} (split, archive and live document written) | ${ms(closeMs)} |`);
  if (followerMoveMs !== null) console.log(`| the second device in the new period, from the click | ${ms(followerMoveMs)} |`);
  console.log(`| cold start to Início with its tiles (${starts} loads), median / max | ${ms(pct(coldStarts, 50))} / ${ms(Math.max(...coldStarts))} |`);
  for (const [k, v] of Object.entries(steps)) console.log(`| cold start, ${k} at (median) | ${ms(pct(v, 50))} |`);
  console.log(`| cold start to Configurações (${starts} loads), median / max | ${ms(pct(settingsStarts, 50))} / ${ms(Math.max(...settingsStarts))} |`);
  console.log(`| cold start to Início after an operation elsewhere (its summary out of date) | ${ms(staleStart)} |`);
  console.log(`| the first operation of this device on the document (once per device) | ${ms(firstOp)} |`);
  console.log(`| one operation (save profile: commit + IndexedDB + re-render), ${runs} runs, p50 | ${ms(pct(ops, 50))} |`);
  console.log(`| same, p95 | ${ms(pct(ops, 95))} |`);
  console.log(`| the operations in order | ${ops.map((x) => x.toFixed(0)).join(', ')} ms |`);
  console.log(`| IndexedDB usage reported by the browser | ${(usage / 1024 / 1024).toFixed(1)} MB |`);
} finally {
  if (follower) await follower.close();
  await close();
}
