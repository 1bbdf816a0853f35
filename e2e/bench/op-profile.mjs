// Profiles the first operations after a cold start (issue 9): restores a backup into a fresh
// Chromium profile, reloads on Configurações, and records a CPU profile of each of the first
// few renames of the business, printing where each one spent its time by function (self
// time). Build the app with `data-keep-debug` for wasm function names. Prints; asserts nothing.
//
//   node e2e/bench/op-profile.mjs --url http://127.0.0.1:4198 --backup shop.retaguarda [--ops 3]
import { launch, parseArgs, renames, restore } from './harness.mjs';

const args = parseArgs();
const url = args.url ?? 'http://127.0.0.1:4198';
const ops = Number(args.ops ?? 3);
const top = Number(args.top ?? 25);
// The operation before which the page is loaded again (none by default).
const reloadAfter = Number(args['reload-before'] ?? -1);
const { context, close } = await launch(url);

/** Self time per function name, in ms, from a CDP profile. */
function selfTimes(p) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const counts = new Map();
  const dt = new Map();
  for (let i = 0; i < p.samples.length; i++) {
    counts.set(p.samples[i], (counts.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
  for (const [id, us] of counts) {
    const n = byId.get(id);
    const name = n.callFrame.functionName || `(${n.callFrame.url.split('/').pop() || 'program'})`;
    dt.set(name, (dt.get(name) ?? 0) + us / 1000);
  }
  return [...dt.entries()].sort((a, b) => b[1] - a[1]);
}

/** Total (inclusive) time per function name, in ms: self time plus its callees'. */
function totalTimes(p) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = new Map();
  for (let i = 0; i < p.samples.length; i++) {
    const seen = new Set();
    for (let id = p.samples[i]; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id).callFrame.functionName || '(anonymous)';
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
    }
  }
  return [...total.entries()].sort((a, b) => b[1] - a[1]);
}

try {
  const page = await context.newPage();
  page.setDefaultTimeout(600_000);
  await restore(page, args.backup);
  await page.goto('/configuracoes');
  await page.getByTestId('profile-form').waitFor();
  await page.waitForTimeout(1000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  let cdpSession = cdp;
  for (let i = 0; i < ops; i++) {
    if (i === reloadAfter) {
      // A cold start of a device that has written before: its actor is in the document.
      await page.goto('/configuracoes');
      await page.getByTestId('profile-form').waitFor();
      await page.waitForTimeout(1000);
      cdpSession = await context.newCDPSession(page);
      await cdpSession.send('Profiler.enable');
      await cdpSession.send('Profiler.setSamplingInterval', { interval: 100 });
      console.log('\n(page reloaded)');
    }
    const cdp = cdpSession;
    await cdp.send('Profiler.start');
    const [took] = await renames(page, 1, `Perfil ${i}`);
    const { profile: p } = await cdp.send('Profiler.stop');
    console.log(`\n== operation ${i + 1}: ${took.toFixed(1)} ms ==`);
    for (const [name, t] of selfTimes(p).slice(0, top)) {
      if (name === '(idle)') continue;
      console.log(`${t.toFixed(1).padStart(8)} ms  ${name.slice(0, 140)}`);
    }
    console.log('-- inclusive --');
    for (const [name, t] of totalTimes(p).slice(0, top)) {
      if (name === '(idle)' || name === '(root)') continue;
      console.log(`${t.toFixed(1).padStart(8)} ms  ${name.slice(0, 140)}`);
    }
    await page.waitForTimeout(300);
  }
} finally {
  await close();
}
