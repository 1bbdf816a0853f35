// A team's period close as the device that follows it lives it (issue 31): device A restores
// a backup and creates a team, device B joins it (its own Chromium profile), then A closes the
// period before `--close` in Configurações. On B it prints how long the move took from A's
// confirmation until B's Configurações says the new period, B's long tasks (PerformanceObserver
// 'longtask') in that time, and how late a timer set to fire every 50 ms ran on B meanwhile.
// `--verbose 1` also lists each long task and the indicator's states, timed. `--page 1` makes B's worker unavailable (its wasm request fails), so B splits on the page as
// before the worker. Not a test: it prints a table.
//
//   node e2e/bench/follow-probe.mjs --url http://127.0.0.1:4199 --backup shop.retaguarda --close 2026-10-01 [--page 1]
import { launch, parseArgs, restore } from './harness.mjs';

const args = parseArgs();
const url = args.url ?? 'http://127.0.0.1:4199';
if (!args.backup || !args.close) {
  console.error('uso: follow-probe.mjs --url URL --backup ARQUIVO.retaguarda --close AAAA-MM-DD [--page 1]');
  process.exit(2);
}

function observers() {
  window.__long = [];
  // The sync indicator's states as they change (where in the move a long task fell).
  window.__marks = [];
  new MutationObserver(() => {
    const state = document.querySelector('[data-testid=sync-indicator]')?.textContent ?? '';
    if (window.__marks.at(-1)?.[0] !== state) window.__marks.push([state, performance.now()]);
  }).observe(document, { subtree: true, childList: true, characterData: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

const a = await launch(url);
// B's worker files come from the network, so `--page 1` can refuse them.
const b = await launch(url, { serviceWorkers: 'block' });
await b.context.addInitScript(observers);
try {
  const pa = await a.context.newPage();
  pa.setDefaultTimeout(1_800_000);
  await restore(pa, args.backup);
  await pa.goto('/configuracoes');
  await pa.getByTestId('team-create').click();
  const link = (await pa.getByTestId('invite-link').textContent()).trim();
  await pa.locator('[data-testid=sync-indicator][data-state=ok]').waitFor();

  const pb = await b.context.newPage();
  pb.setDefaultTimeout(1_800_000);
  if (args.page) await pb.route('**/retaguarda-worker_bg.wasm', (route) => route.abort());
  await pb.goto(link.replace(/^https?:\/\/[^/]+/, ''));
  await pb.getByRole('button', { name: 'Entrar na equipe' }).click();
  await pb.locator('[data-testid=sync-indicator][data-state=ok]').waitFor();
  await pb.goto('/configuracoes');
  await pb.locator('[data-testid=sync-indicator][data-state=ok]').waitFor();
  await pb.waitForTimeout(1000);
  const from = await pb.evaluate(() => {
    // A timer every 50 ms: how late it fires is how long the page could not answer.
    window.__late = [];
    let expected = performance.now() + 50;
    window.__tick = setInterval(() => {
      const now = performance.now();
      window.__late.push(now - expected);
      expected = now + 50;
    }, 50);
    return performance.now();
  });

  const section = pa.locator('#periodo');
  await section.getByLabel('Fechar o que foi quitado antes de').fill(args.close);
  await section.getByRole('button', { name: 'Fechar período' }).click();
  const t0 = Date.now();
  await section.getByRole('button', { name: 'Confirmar fechamento' }).click();
  await pb.locator('#periodo').getByTestId('period-start').filter({ hasText: 'Período aberto desde' }).waitFor();
  const ms = Date.now() - t0;
  await pb.waitForTimeout(500);
  const { long, late, tasks, marks } = await pb.evaluate((from) => {
    clearInterval(window.__tick);
    return { long: window.__long.filter((t) => t.start >= from).map((t) => t.duration), late: window.__late, tasks: window.__long.filter((t) => t.start >= from).map((t) => `${(t.start - from).toFixed(0)}+${t.duration.toFixed(0)}`), marks: window.__marks.map(([w, t]) => `${w}@${(t - from).toFixed(0)}`) };
  }, from);
  const max = (xs) => (xs.length ? Math.max(...xs) : 0);
  const how = args.page ? 'on the page (worker refused)' : 'in the worker';
  console.log(`| B follows A's close before ${args.close} ${how}: A's confirmation to B's new period | ${ms} ms |`);
  console.log(`| B's long tasks in that time: count, over 100 ms, longest, total | ${long.length}, ${long.filter((d) => d > 100).length}, ${max(long).toFixed(0)} ms, ${long.reduce((a, b) => a + b, 0).toFixed(0)} ms |`);
  console.log(`| a 50 ms timer on B meanwhile: latest by | ${max(late).toFixed(0)} ms |`);
  if (args.verbose) console.log(`B's long tasks (start+duration, ms after the timer started): ${tasks.join(', ')}; indicator: ${marks.join(', ')}`);
} finally {
  await a.close();
  await b.close();
}
