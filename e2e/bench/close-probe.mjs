// The period close, timed through the screen (issue 31): restores a backup into a fresh
// Chromium profile, closes the period before `--close` in Configurações and prints how long
// the close took from the confirmation until "Período fechado.", the main thread's long
// tasks (PerformanceObserver 'longtask') in that time, and how late a timer set to fire
// every 50 ms ran meanwhile (what a tap would wait for). Not a test: it prints a table.
//
//   node e2e/bench/close-probe.mjs --url http://127.0.0.1:4199 --backup shop.retaguarda --close 2026-10-01
import { launch, parseArgs, restore } from './harness.mjs';

const args = parseArgs();
const url = args.url ?? 'http://127.0.0.1:4199';
if (!args.backup || !args.close) {
  console.error('uso: close-probe.mjs --url URL --backup ARQUIVO.retaguarda --close AAAA-MM-DD');
  process.exit(2);
}

function observers() {
  window.__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

const { context, close } = await launch(url);
await context.addInitScript(observers);
try {
  const page = await context.newPage();
  page.setDefaultTimeout(1_800_000);
  await restore(page, args.backup);
  await page.goto('/configuracoes');
  const section = page.locator('#periodo');
  await section.getByLabel('Fechar o que foi quitado antes de').fill(args.close);
  await section.getByRole('button', { name: 'Fechar período' }).click();
  await page.waitForTimeout(500);
  const from = await page.evaluate(() => {
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
  const t0 = Date.now();
  await section.getByRole('button', { name: 'Confirmar fechamento' }).click();
  await section.getByText('Período fechado.').waitFor();
  const ms = Date.now() - t0;
  await page.waitForTimeout(500);
  const { long, late } = await page.evaluate((from) => {
    clearInterval(window.__tick);
    return { long: window.__long.filter((t) => t.start >= from).map((t) => t.duration), late: window.__late };
  }, from);
  const max = (xs) => (xs.length ? Math.max(...xs) : 0);
  console.log(`| Fechar período before ${args.close}, confirm to "Período fechado." | ${ms} ms |`);
  console.log(`| long tasks in that time: count, over 100 ms, longest, total | ${long.length}, ${long.filter((d) => d > 100).length}, ${max(long).toFixed(0)} ms, ${long.reduce((a, b) => a + b, 0).toFixed(0)} ms |`);
  console.log(`| a 50 ms timer meanwhile: latest by | ${max(late).toFixed(0)} ms |`);
} finally {
  await close();
}
