// Time to Início's numbers on a start (issue 31): restores a backup into a fresh Chromium
// profile (or reuses `--profile DIR`, already restored), then loads the page `--loads` times
// and prints for each, from navigation (page time):
// - numbers: the first DOM state where Início's cash tile holds a value, and the frame after
//   it (the numbers painted). From the stored summary in builds that have Phase::Opening;
//   from the loaded document before;
// - live: the tiles' data-state is "live" (the document loaded); a build without the
//   attribute counts its first numbers as live;
// - the long tasks (over 50 ms) until live.
// Not a test: prints a table.
//
//   node e2e/bench/start-probe.mjs --url http://127.0.0.1:4341 --backup shop.retaguarda [--loads 3]
import { launch, parseArgs, restore } from './harness.mjs';

const args = parseArgs();
const url = args.url ?? 'http://127.0.0.1:4199';
const loads = Number(args.loads ?? 3);

function watch() {
  window.__start = { numbers: null, frame: null, live: null, long: [] };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__start.long.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { /* no long tasks in this browser */ }
  const s = window.__start;
  const check = () => {
    const value = document.querySelector('[data-testid=tile-cash] [data-testid=tile-value]');
    if (value && value.textContent && s.numbers === null) {
      s.numbers = performance.now();
      requestAnimationFrame(() => { s.frame = performance.now(); });
    }
    const tiles = document.querySelector('[data-testid=tiles]');
    if (tiles && s.live === null && value && (tiles.getAttribute('data-state') ?? 'live') === 'live') {
      s.live = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

const { context, close } = await launch(url, { serviceWorkers: 'block' });
await context.addInitScript(watch);
try {
  const page = await context.newPage();
  page.setDefaultTimeout(600_000);
  if (args.backup) {
    const t0 = Date.now();
    await restore(page, args.backup);
    console.error(`restored in ${Date.now() - t0} ms`);
    // Início computes the summary after a restore and stores it: wait for it.
    await page.goto('/');
    await page.getByTestId('tile-cash').getByTestId('tile-value').waitFor();
    await page.waitForFunction(async () => {
      const db = await new Promise((ok) => { const r = indexedDB.open('retaguarda'); r.onsuccess = () => ok(r.result); });
      const json = await new Promise((ok) => { const r = db.transaction('meta').objectStore('meta').get('summary'); r.onsuccess = () => ok(r.result); });
      db.close();
      return !!json;
    }, null, { polling: 500 });
  }
  console.log('| load | numbers in the DOM | painted (next frame) | live | long tasks until live: count, longest, total |');
  console.log('| --- | --- | --- | --- | --- |');
  for (let i = 0; i < loads; i++) {
    await page.goto('/');
    await page.waitForFunction(() => window.__start.live !== null && window.__start.frame !== null);
    await page.waitForTimeout(300);
    const s = await page.evaluate(() => window.__start);
    const long = s.long;
    const f = (x) => `${x.toFixed(0)} ms`;
    console.log(`| ${i + 1} | ${f(s.numbers)} | ${f(s.frame)} | ${f(s.live)} | ${long.length}, ${f(Math.max(0, ...long))}, ${f(long.reduce((a, b) => a + b, 0))} |`);
  }
} finally {
  await close();
}
