// What a person waits for (issue 31): restores a dataset backup into a fresh Chromium
// profile, then prints
// - click to updated screen, p50/p95, for five everyday actions done through the screens
//   as a person does them: a new entry in Caixa, its payment, a new charge, a stock
//   movement on a product's page and a sale (the first after a start, and a later one; each
//   also until the account's balance shows in its receipt). Each is timed inside the page from the click
//   (the event's own time stamp) until the DOM shows the new or changed row (a
//   MutationObserver, no frame delay);
// - long tasks (PerformanceObserver 'longtask': main-thread tasks over 50 ms) during a cold
//   start, a sync of incoming changes from another device, and a period close;
// - INP on a 4x slowed CPU (CDP Emulation.setCPUThrottlingRate): the worst interaction's
//   event duration (input delay + handlers + the next paint) over a short session of taps.
// Not a test: it asserts nothing and only prints a table.
//
//   node e2e/bench/screen-bench.mjs --url http://127.0.0.1:4199 --backup shop.retaguarda
//     [--runs 10]          runs of each action
//     [--starts 3]         cold starts watched for long tasks
//     [--sync 1000]        a second device of a new team writes this many changes while this
//                          one is offline; the long tasks of this one taking them in
//     [--close YYYY-MM-DD] at the end, close the period before that day (long tasks)
import { launch, parseArgs, restore, renames } from './harness.mjs';

const args = parseArgs();
const url = args.url ?? 'http://127.0.0.1:4199';
const backup = args.backup;
const runs = Number(args.runs ?? 10);
const starts = Number(args.starts ?? 3);
if (!backup) {
  console.error('uso: screen-bench.mjs --url URL --backup ARQUIVO.retaguarda [--runs N] [--starts N] [--sync N] [--close AAAA-MM-DD]');
  process.exit(2);
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const ms = (x) => (x === undefined || x === null ? '—' : `${x.toFixed(1)} ms`);

/** Records every long task and every interaction's event timing from the first script on. */
function observers() {
  window.__long = [];
  window.__events = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.interactionId) window.__events.push({ id: e.interactionId, name: e.name, start: e.startTime, duration: e.duration });
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch (e) {
    window.__observerError = String(e);
  }
  // Início's first numbers (the stored summary, painted before the load) and its live
  // numbers (the document loaded), timed in the page: a poll from here would wait for the
  // load's task to end.
  window.__tiles = { numbers: null, live: null };
  const check = () => {
    const t = window.__tiles;
    if (t.numbers === null && document.querySelector('[data-testid=tile-cash] [data-testid=tile-value]')) t.numbers = performance.now();
    if (t.live === null && document.querySelector('[data-testid=tiles][data-state=live] [data-testid=tile-value]')) t.live = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/** The long tasks that started at or after `from` (page time), and their summary. */
async function longTasks(page, from = 0, to = Infinity) {
  const tasks = await page.evaluate(([from, to]) => window.__long.filter((t) => t.start >= from && t.start <= to), [from, to]);
  const durations = tasks.map((t) => t.duration);
  return {
    count: durations.length,
    over100: durations.filter((d) => d > 100).length,
    max: durations.length ? Math.max(...durations) : 0,
    total: durations.reduce((a, b) => a + b, 0),
  };
}
const longText = (l) => `${l.count} (${l.over100} over 100 ms), longest ${l.max.toFixed(0)} ms, ${l.total.toFixed(0)} ms in all`;

/**
 * Clicks `target` and returns the milliseconds from the click event to the first DOM state
 * where `done(arg)` (a function run in the page) holds. With `also` (another such function),
 * the time until it holds too is kept in the page, for `alsoTime`.
 */
async function timeClick(page, target, done, arg, also) {
  await page.evaluate(([src, arg, alsoSrc]) => {
    const check = new Function('arg', `return (${src})(arg);`);
    const second = alsoSrc ? new Function('arg', `return (${alsoSrc})(arg);`) : null;
    const t = { click: null, done: null, also: null };
    window.__t = t;
    document.addEventListener('click', (e) => { t.click ??= e.timeStamp; }, { capture: true, once: true });
    const observer = new MutationObserver(() => {
      if (t.click === null) return;
      const now = performance.now();
      if (t.done === null && check(arg)) t.done = now;
      if (second && t.also === null && second(arg)) t.also = now;
      if (t.done !== null && (!second || t.also !== null)) observer.disconnect();
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  }, [done.toString(), arg, also ? also.toString() : null]);
  await target.click();
  await page.waitForFunction(() => window.__t.done !== null, null, { timeout: 60_000 });
  return page.evaluate(() => window.__t.done - window.__t.click);
}

/** The milliseconds from the last timed click until its `also` state held. */
async function alsoTime(page) {
  await page.waitForFunction(() => window.__t.also !== null, null, { timeout: 60_000 });
  return page.evaluate(() => window.__t.also - window.__t.click);
}

/** The list's rows whose text has `text`. */
const rowWith = ({ testid, text }) => [...document.querySelectorAll(`[data-testid=${testid}]`)].find((r) => r.textContent.includes(text));

const { context, close } = await launch(url);
await context.addInitScript(observers);
let other = null;
try {
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  let t0 = Date.now();
  await restore(page, backup);
  const restoreMs = Date.now() - t0;

  // Cold starts: a page load with the data in IndexedDB until Início's tiles, with the long
  // tasks from navigation until then.
  const coldStarts = [];
  const coldNumbers = [];
  const coldLong = [];
  for (let i = 0; i < starts; i++) {
    await page.goto('/');
    await page.waitForFunction(() => window.__tiles.live !== null, null, { timeout: 600_000 });
    const tiles = await page.evaluate(() => window.__tiles);
    const at = tiles.live;
    coldStarts.push(at);
    coldNumbers.push(tiles.numbers);
    // A task still running when the tiles showed is reported when it ends: wait a moment.
    await page.waitForTimeout(300);
    coldLong.push(await longTasks(page, 0, at));
  }

  // A far due date, so the new entry sorts first (newest due date first).
  const due = '2031-01-15';
  const tag = Date.now().toString(36);
  const entry = [];
  const payment = [];
  try {
  await page.goto('/caixa');
  await page.getByTestId('nova-pagar').waitFor();
  for (let i = 0; i < runs; i++) {
    const name = `Bench ${tag} ${i}`;
    await page.getByTestId('nova-pagar').click();
    await page.getByTestId('conta-descricao').fill(name);
    await page.getByTestId('conta-valor').fill('12,34');
    await page.getByTestId('conta-vencimento').fill(due);
    entry.push(await timeClick(page, page.getByTestId('conta-salvar'), rowWith, { testid: 'lancamento', text: name }));
    const row = page.getByTestId('lancamento').filter({ hasText: name });
    await row.getByTestId('lancamento-pagar').click();
    payment.push(await timeClick(page, row.getByTestId('pagar-confirmar'),
      (name) => [...document.querySelectorAll('[data-testid=lancamento]')].find((r) => r.textContent.includes(name))
        ?.querySelector('[data-testid=lancamento-situacao]')?.textContent === 'Paga', name));
  }

  } catch (e) { console.error('caixa failed:', e.message.split('\n')[0]); }

  const charge = [];
  try {
  for (let i = 0; i < runs; i++) {
    await page.goto('/cobrancas');
    await page.getByTestId('new-charge').click();
    const form = page.getByTestId('charge-form');
    await form.locator('select[name=party]').selectOption({ label: '+ Novo cliente' });
    await form.getByLabel('Nome do novo cliente').fill(`Cliente ${tag} ${i}`);
    await form.getByLabel('Valor (R$)').fill('45,60');
    const description = `Cobrança ${tag} ${i}`;
    await form.getByLabel('Descrição').fill(description);
    charge.push(await timeClick(page, form.getByRole('button', { name: 'Criar cobrança' }),
      (d) => !!document.querySelector('[data-testid=charge-amount]') && document.body.textContent.includes(d), description));
  }

  } catch (e) { console.error('charge failed:', e.message.split('\n')[0]); }

  // A product to move and to sell: the first of the list.
  let product = '';
  const movement = [];
  try {
  await page.goto('/estoque');
  const first = page.getByTestId('produto-row').first();
  product = (await first.locator('strong').first().textContent()).trim();
  await first.click();
  await page.getByTestId('estoque-atual').waitFor();
  const productUrl = new URL(page.url()).pathname;
  for (let i = 0; i < runs; i++) {
    const before = (await page.getByTestId('estoque-atual').textContent()).trim();
    if (!(await page.getByLabel('Tipo').isVisible())) {
      await page.locator('summary', { hasText: 'Ajuste, perda ou devolução' }).click();
    }
    await page.getByLabel('Tipo').selectOption('adjustment');
    await page.getByLabel('Entrada (aumenta o estoque)').check();
    await page.getByTestId('ajuste-quantidade').fill('100');
    await page.getByTestId('ajuste-motivo').fill(`Contagem ${tag} ${i}`);
    movement.push(await timeClick(page, page.getByTestId('ajuste-form').getByRole('button', { name: 'Registrar' }),
      (before) => { const t = document.querySelector('[data-testid=estoque-atual]')?.textContent.trim(); return !!t && t !== before; }, before));
  }

  } catch (e) { console.error('movement failed:', e.message.split('\n')[0]); }
  // Sales: each run loads the page (the first sale after a start, when the ledger may not
  // be in memory yet) and then sells again on it (a later sale). Timed until the receipt
  // shows, and until the receiving account's balance shows in it; with the long tasks from
  // the click until a moment after the balance.
  const sale = [];
  const saleBalance = [];
  const saleLong = [];
  const laterSale = [];
  const laterSaleBalance = [];
  try {
  const sell = async (into, intoBalance) => {
    await page.getByTestId('venda-busca').fill(product);
    await page.getByRole('listitem').filter({ hasText: product }).getByRole('button', { name: 'Adicionar' }).first().click();
    await page.getByTestId('carrinho-item').first().waitFor();
    const from = await page.evaluate(() => performance.now());
    into.push(await timeClick(page, page.getByTestId('confirmar-venda'),
      () => (document.querySelector('[data-testid=venda-recibo]')?.textContent ?? '').includes('Venda registrada'),
      null, () => !!document.querySelector('[data-testid=venda-saldo]')));
    intoBalance.push(await alsoTime(page));
    // A task still running is reported when it ends: wait a moment.
    await page.waitForTimeout(300);
    return longTasks(page, from);
  };
  for (let i = 0; i < runs; i++) {
    await page.goto('/estoque/venda');
    saleLong.push(await sell(sale, saleBalance));
    await sell(laterSale, laterSaleBalance);
  }
  } catch (e) { console.error('sale failed:', e.message.split('\n')[0]); }

  // INP on a 4x slower CPU: a short session of everyday taps (open Caixa's form and save an
  // entry, switch Cobranças' tabs, search a product), then the worst interaction.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto('/caixa');
  await page.getByTestId('nova-pagar').waitFor();
  const inpFrom = await page.evaluate(() => performance.now());
  for (let i = 0; i < 3; i++) {
    const name = `Lento ${tag} ${i}`;
    await page.getByTestId('nova-pagar').click();
    await page.getByTestId('conta-descricao').fill(name);
    await page.getByTestId('conta-valor').fill('1,00');
    await page.getByTestId('conta-vencimento').fill(due);
    await page.getByTestId('conta-salvar').click();
    await page.getByTestId('lancamento').filter({ hasText: name }).waitFor();
  }
  await page.waitForTimeout(500);
  const inpCaixa = await page.evaluate((from) => window.__events.filter((e) => e.start >= from), inpFrom);
  await page.goto('/cobrancas');
  await page.getByTestId('tab-pagas').waitFor();
  for (const t of ['tab-pagas', 'tab-vencidas', 'tab-pendentes']) {
    await page.getByTestId(t).click();
    await page.waitForTimeout(200);
  }
  await page.waitForTimeout(500);
  const inpCharges = await page.evaluate(() => window.__events);
  await page.goto('/estoque');
  await page.getByTestId('busca-produto').waitFor();
  await page.getByTestId('busca-produto').pressSequentially(product.slice(0, 4), { delay: 50 });
  await page.waitForTimeout(800);
  const inpStock = await page.evaluate(() => window.__events);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const worst = (events) => {
    const by = new Map();
    for (const e of events) by.set(e.id, Math.max(by.get(e.id) ?? 0, e.duration));
    return by.size ? Math.max(...by.values()) : 0;
  };

  // A sync of incoming changes: a second device joins a new team, this one goes offline,
  // the other renames the business `--sync` times, and this one comes back online.
  let syncMs = null;
  let syncLong = null;
  const nSync = Number(args.sync ?? 0);
  if (nSync > 0) {
    const synced = (p) => p.locator('[data-testid=sync-indicator][data-state=ok]').waitFor();
    await page.goto('/configuracoes');
    await page.getByTestId('team-create').click();
    await synced(page);
    const link = (await page.getByTestId('invite-link').textContent()).trim();
    other = await launch(url);
    const b = await other.context.newPage();
    b.setDefaultTimeout(1_800_000);
    await b.goto(link.replace(/^https?:\/\/[^/]+/, ''));
    await b.getByRole('button', { name: 'Entrar na equipe' }).click();
    await b.getByTestId('business-name').waitFor();
    await synced(b);
    await b.goto('/configuracoes');
    await b.getByTestId('profile-form').waitFor();
    await page.goto('/configuracoes');
    await page.getByTestId('profile-form').waitFor();
    await context.setOffline(true);
    await renames(b, nSync, 'Remoto');
    await synced(b);
    const last = `Remoto ${nSync - 1}`;
    const from = await page.evaluate(() => performance.now());
    await context.setOffline(false);
    await page.getByTestId('business-name').getByText(last, { exact: true }).waitFor({ timeout: 1_800_000 });
    const to = await page.evaluate(() => performance.now());
    syncMs = to - from;
    await page.waitForTimeout(500);
    syncLong = await longTasks(page, from, to + 500);
  }

  let closeMs = null;
  let closeLong = null;
  if (args.close) {
    await page.goto('/configuracoes');
    const section = page.locator('#periodo');
    await section.getByLabel('Fechar o que foi quitado antes de').fill(args.close);
    await section.getByRole('button', { name: 'Fechar período' }).click();
    const from = await page.evaluate(() => performance.now());
    t0 = Date.now();
    await section.getByRole('button', { name: 'Confirmar fechamento' }).click();
    if (nSync > 0) {
      await section.getByTestId('closed-periods').waitFor({ timeout: 1_800_000 });
    } else {
      await section.getByText('Período fechado.').waitFor({ timeout: 1_800_000 });
    }
    closeMs = Date.now() - t0;
    await page.waitForTimeout(500);
    closeLong = await longTasks(page, from);
  }

  const line = (name, xs) => console.log(`| ${name} (${xs.length} runs), p50 / p95 | ${ms(pct(xs, 50))} / ${ms(pct(xs, 95))} |`);
  console.log('\n== What a person waits for (screen-bench) ==');
  console.log('| figure | value |');
  console.log('| --- | --- |');
  console.log(`| restore from the welcome screen | ${ms(restoreMs)} |`);
  console.log(`| cold start until Início's first numbers (stored summary) (${starts} loads), median / max | ${ms(pct(coldNumbers, 50))} / ${ms(Math.max(...coldNumbers))} |`);
  console.log(`| cold start until Início's live numbers (${starts} loads), median / max | ${ms(pct(coldStarts, 50))} / ${ms(Math.max(...coldStarts))} |`);
  console.log(`| long tasks during the slowest cold start | ${longText(coldLong.reduce((a, b) => (b.max > a.max ? b : a)))} |`);
  line('click to screen: new entry in Caixa, until its row shows', entry);
  line('click to screen: paying it, until its row says Paga', payment);
  line('click to screen: new charge, until its page shows', charge);
  line('click to screen: stock movement on a product page, until the stock shows it', movement);
  line('click to screen: sale, the first after a start, until the receipt shows', sale);
  line('the same sale, until the account\'s balance shows in the receipt', saleBalance);
  if (saleLong.length) {
    console.log(`| long tasks from that click until the balance, the slowest run | ${longText(saleLong.reduce((a, b) => (b.max > a.max ? b : a)))} |`);
  }
  line('click to screen: a later sale on the same page, until the receipt shows', laterSale);
  line('the same sale, until the account\'s balance shows in the receipt', laterSaleBalance);
  console.log(`| the actions in order: entry / payment / charge / movement / sale / later sale | ${[entry, payment, charge, movement, sale, laterSale].map((xs) => xs.map((x) => x.toFixed(0)).join(' ')).join(' / ')} |`);
  console.log(`| INP, CPU 4x slower: Caixa (open form, type, save 3 entries) | ${ms(worst(inpCaixa))} |`);
  console.log(`| INP, CPU 4x slower: Cobranças' tabs | ${ms(worst(inpCharges))} |`);
  console.log(`| INP, CPU 4x slower: Estoque's search, typed | ${ms(worst(inpStock))} |`);
  if (syncMs !== null) {
    console.log(`| sync of ${nSync} incoming changes, back online until the last shows | ${ms(syncMs)} |`);
    console.log(`| long tasks during that sync | ${longText(syncLong)} |`);
  }
  if (closeMs !== null) {
    console.log(`| Fechar período before ${args.close} | ${ms(closeMs)} |`);
    console.log(`| long tasks during the close | ${longText(closeLong)} |`);
  }
} finally {
  if (other) await other.close();
  await close();
}
