import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import * as fs from 'fs';
import AxeBuilder from '@axe-core/playwright';
import { AREAS, createTeam, joinTeam, openApp, openArea } from './pages';
import { accountBalance, browserToday, caixaTab } from './ledger-pages';

/** A bank account with R$ 1.000,00, February's flour (R$ 300,00) paid then, and the rent due `todayIso`, open. */
async function shopWithFlourPaidInFebruary(page: Page, todayIso: string) {
  await caixaTab(page, 'contas');
  await page.getByTestId('conta-nome').fill('Banco do Brasil');
  await page.getByTestId('conta-tipo-conta').selectOption({ label: 'Banco' });
  await page.getByTestId('conta-saldo-inicial').fill('1.000,00');
  await page.getByTestId('conta-data-saldo').fill('2026-01-01');
  await page.getByTestId('conta-criar').click();
  await expect(page.getByTestId('caixa-notice')).toContainText('Conta "Banco do Brasil" criada.');

  // A payable of February, paid then; and the rent, due today and open.
  await caixaTab(page, 'lancamentos');
  for (const [what, amount, due] of [['Farinha de fevereiro', '300,00', '2026-02-10'], ['Aluguel', '1.200,00', todayIso]]) {
    await page.getByTestId('nova-pagar').click();
    await page.getByTestId('conta-descricao').fill(what);
    await page.getByTestId('conta-valor').fill(amount);
    await page.getByTestId('conta-vencimento').fill(due);
    await page.getByTestId('conta-competencia').fill(due);
    await page.getByTestId('conta-conta').selectOption({ label: 'Banco do Brasil' });
    await page.getByTestId('conta-salvar').click();
    await expect(page.getByTestId('caixa-notice')).toContainText('criada.');
  }
  // The list shows the rent only after its notice; a click before that can land on the row
  // that moves into the flour's place.
  await expect(page.getByTestId('lancamento')).toHaveCount(2);
  const flour = page.getByTestId('lancamento').filter({ hasText: 'Farinha de fevereiro' });
  await flour.getByTestId('lancamento-pagar').click();
  await flour.getByTestId('pagar-data').fill('2026-02-10');
  await flour.getByTestId('pagar-conta').selectOption({ label: 'Banco do Brasil' });
  await flour.getByTestId('pagar-confirmar').click();
  await expect(flour.getByTestId('lancamento-situacao')).toHaveText('Paga');
  await caixaTab(page, 'contas');
  await expect(accountBalance(page, 'Banco do Brasil')).toHaveText('R$ 700,00');
}

test('fechar período: what was paid before the date leaves the day to day, balances stay, the archive downloads, and a reload keeps it', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone', 'phone journey');
  test.setTimeout(120_000);
  await openApp(page, '/caixa', 'Padaria Período');
  const today = await browserToday(page);

  await shopWithFlourPaidInFebruary(page, today.iso);

  await page.goto('/configuracoes');
  const section = page.locator('#periodo');
  await expect(section.getByTestId('period-start')).toHaveText('Nenhum período fechado: todo o histórico está aberto.');
  await section.getByLabel('Fechar o que foi quitado antes de').fill('2026-06-01');
  await section.getByRole('button', { name: 'Fechar período' }).click();
  const confirm = section.getByRole('alertdialog', { name: 'Confirmar fechamento' });
  await expect(confirm).toContainText('Fechar o período antes de 01/06/2026?');
  await confirm.getByRole('button', { name: 'Confirmar fechamento' }).click();
  await expect(section.getByRole('status').last()).toContainText('Período fechado. O dia a dia começa em 01/06/2026');
  await expect(section.getByTestId('period-start')).toHaveText('Período aberto desde 01/06/2026.');
  const archive = section.getByTestId('closed-periods').getByRole('listitem');
  await expect(archive).toHaveText(/Até 31\/05\/2026/);

  // The archive downloads as a backup file.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    archive.getByRole('button', { name: 'Baixar arquivo' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^padaria-per.odo-arquivo-ate-2026-06-01\.retaguarda$/);
  const file = fs.readFileSync((await download.path())!);
  expect(file.subarray(0, 11).toString()).toBe('RETAGUARDA\n');

  // A close that does not come after the open period's start is refused.
  await section.getByLabel('Fechar o que foi quitado antes de').fill('2026-05-01');
  await section.getByRole('button', { name: 'Fechar período' }).click();
  await confirm.getByRole('button', { name: 'Confirmar fechamento' }).click();
  await expect(section.getByRole('alert')).toContainText('o período aberto começa em 01/06/2026');

  // The day to day holds the open period; the balance is the same, also after a reload.
  for (const reload of [false, true]) {
    if (reload) await page.reload();
    await page.goto('/caixa');
    await expect(page.getByTestId('lancamento').filter({ hasText: 'Aluguel' })).toHaveCount(1);
    await expect(page.getByTestId('lancamento').filter({ hasText: 'Farinha de fevereiro' })).toHaveCount(0);
    await caixaTab(page, 'contas');
    await expect(accountBalance(page, 'Banco do Brasil')).toHaveText('R$ 700,00');
  }
  await page.goto('/relatorios');
  await expect(page.getByTestId('relatorio-periodo')).toContainText('Período aberto desde 01/06/2026.');
});

/** axe on the whole page: no critical, serious or moderate violation. */
async function expectNoA11yIssues(page: Page) {
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter(v => ['critical', 'serious', 'moderate'].includes(v.impact!));
  expect(bad.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test.describe('fechar período fora da página', () => {
  // The worker's files come from the network, not the service worker's cache, so the test
  // can hold its wasm and look at the page while the close waits on the worker.
  test.use({ serviceWorkers: 'block' });

  test('the split runs in a worker: the page answers meanwhile, writes wait, and the numbers stay', async ({ page }, info) => {
    test.skip(info.project.name !== 'phone', 'phone journey');
    test.setTimeout(120_000);
    await openApp(page, '/caixa', 'Padaria do Trabalhador');
    const today = await browserToday(page);
    await shopWithFlourPaidInFebruary(page, today.iso);

    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    let release = () => {};
    const held = new Promise<void>((r) => { release = r; });
    let asked = false;
    await page.route('**/retaguarda-worker_bg.wasm', async (route) => {
      asked = true;
      await held;
      await route.continue();
    });

    await page.goto('/configuracoes');
    const section = page.locator('#periodo');
    await section.getByLabel('Fechar o que foi quitado antes de').fill('2026-06-01');
    await section.getByRole('button', { name: 'Fechar período' }).click();
    await section.getByRole('alertdialog', { name: 'Confirmar fechamento' }).getByRole('button', { name: 'Confirmar fechamento' }).click();

    // The close waits on its worker, which is held: the page shows it and goes on answering.
    const closing = section.getByTestId('period-closing');
    await expect(closing).toHaveAttribute('role', 'status');
    await expect(closing).toContainText('Fechando o período…');
    await expect.poll(() => asked, { message: 'the worker fetched its wasm' }).toBe(true);
    expect(workers.some((u) => u.includes('/retaguarda-worker_loader.js')), workers.join(', ')).toBe(true);
    await expectNoA11yIssues(page);

    // Another form of the same screen takes typing, and its write is refused with why.
    const form = page.getByTestId('profile-form');
    const name = form.getByLabel('Nome do negócio');
    await name.fill('Padaria Renomeada no Meio');
    await expect(name).toHaveValue('Padaria Renomeada no Meio');
    await form.getByRole('button', { name: 'Salvar empresa' }).click();
    await expect(form.getByRole('alert')).toContainText('O período está sendo fechado. Espere terminar para registrar');
    await expect(page.getByTestId('business-name')).toHaveText('Padaria do Trabalhador');
    await expect(closing).toBeVisible();

    // Let the worker start: it reports its steps, then the page stores and moves on.
    release();
    await expect(section.getByRole('status').last()).toContainText('Período fechado. O dia a dia começa em 01/06/2026', { timeout: 30_000 });
    await expect(closing).toHaveCount(0);
    await expect(section.getByTestId('period-start')).toHaveText('Período aberto desde 01/06/2026.');
    await expect(section.getByTestId('closed-periods').getByRole('listitem')).toHaveText(/Até 31\/05\/2026/);

    // Writes are taken again, and the numbers are the ones before the close, also after a reload.
    await form.getByRole('button', { name: 'Salvar empresa' }).click();
    await expect(page.getByTestId('business-name')).toHaveText('Padaria Renomeada no Meio');
    for (const reload of [false, true]) {
      if (reload) await page.reload();
      await page.goto('/caixa');
      await expect(page.getByTestId('lancamento').filter({ hasText: 'Aluguel' })).toHaveCount(1);
      await expect(page.getByTestId('lancamento').filter({ hasText: 'Farinha de fevereiro' })).toHaveCount(0);
      await caixaTab(page, 'contas');
      await expect(accountBalance(page, 'Banco do Brasil')).toHaveText('R$ 700,00');
    }
  });
});

test('fechar período em equipe: every device moves to the new period, in a worker for a follower, and what one wrote offline comes along', async ({ browser }, info) => {
  test.skip(info.project.name !== 'phone', 'one viewport is enough for a two-device journey');
  test.setTimeout(180_000);
  const a = await browser.newContext();
  // B follows A's close: its worker's files come from the network, not the service worker's
  // cache, so the test can hold its wasm and look at B's page while the move waits on it.
  const b = await browser.newContext({ serviceWorkers: 'block' });
  const c = await browser.newContext();
  try {
    const pa = await a.newPage();
    await openApp(pa, '/caixa', 'Padaria em Equipe');
    const today = await browserToday(pa);
    await shopWithFlourPaidInFebruary(pa, today.iso);
    const link = await createTeam(pa);
    const pb = await joinTeam(b, link, 'Padaria em Equipe');

    // B goes offline and records a bill there.
    await pb.goto('/caixa');
    await b.setOffline(true);
    await expect(pb.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'offline');
    await caixaTab(pb, 'lancamentos');
    await pb.getByTestId('nova-pagar').click();
    await pb.getByTestId('conta-descricao').fill('Gás sem conexão');
    await pb.getByTestId('conta-valor').fill('95,00');
    await pb.getByTestId('conta-vencimento').fill(today.iso);
    await pb.getByTestId('conta-competencia').fill(today.iso);
    await pb.getByTestId('conta-salvar').click();
    await expect(pb.getByTestId('caixa-notice')).toContainText('criada.');

    // A closes the period for the team.
    await pa.goto('/configuracoes');
    const section = pa.locator('#periodo');
    await expect(section.getByTestId('period-team')).toContainText('o período se fecha para todos os aparelhos');
    await section.getByLabel('Fechar o que foi quitado antes de').fill('2026-06-01');
    await section.getByRole('button', { name: 'Fechar período' }).click();
    await section.getByRole('alertdialog', { name: 'Confirmar fechamento' }).getByRole('button', { name: 'Confirmar fechamento' }).click();
    await expect(section.getByRole('status').last()).toContainText('Fechamento registrado para a equipe');
    await expect(section.getByTestId('period-start')).toHaveText('Período aberto desde 01/06/2026.');
    await expect(section.getByTestId('closed-periods').getByRole('listitem')).toHaveText(/Até 31\/05\/2026/);
    await expect(pa.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'ok');

    // B comes back: it sends what it wrote, receives the close, and moves too, carrying its
    // bill. It did not write the mark, so it splits the period in the close's worker, which
    // is held: the page shows the move and goes on answering, and refuses writes meanwhile.
    const workers: string[] = [];
    pb.on('worker', (w) => workers.push(w.url()));
    let release = () => {};
    const held = new Promise<void>((r) => { release = r; });
    let asked = false;
    await pb.route('**/retaguarda-worker_bg.wasm', async (route) => {
      asked = true;
      await held;
      await route.continue();
    });
    await b.setOffline(false);
    await pb.goto('/configuracoes');
    const indicator = pb.getByTestId('sync-indicator');
    await expect(indicator).toHaveText('Passando ao novo período…', { timeout: 20_000 });
    await expect(indicator).toHaveAttribute('data-state', 'syncing');
    await expect(pb.getByTestId('team-status')).toHaveText('Passando ao novo período da equipe…');
    await expect.poll(() => asked, { message: 'the worker fetched its wasm' }).toBe(true);
    expect(workers.some((u) => u.includes('/retaguarda-worker_loader.js')), workers.join(', ')).toBe(true);
    await expectNoA11yIssues(pb);
    const profile = pb.getByTestId('profile-form');
    const name = profile.getByLabel('Nome do negócio');
    await name.fill('Padaria Renomeada na Mudança');
    await expect(name).toHaveValue('Padaria Renomeada na Mudança');
    await profile.getByRole('button', { name: 'Salvar empresa' }).click();
    await expect(profile.getByRole('alert')).toContainText('O período está sendo fechado. Espere terminar para registrar');
    await expect(pb.getByTestId('business-name')).toHaveText('Padaria em Equipe');
    // The page still changes screens, and the old period is still what it shows.
    await openArea(pb, AREAS.find((a) => a.label === 'Caixa')!);
    await expect(pb.getByTestId('area-title')).toHaveText('Caixa');
    await caixaTab(pb, 'lancamentos');
    await expect(pb.getByTestId('lancamento').filter({ hasText: 'Farinha de fevereiro' })).toHaveCount(1);
    await expect(indicator).toHaveText('Passando ao novo período…');

    // Meanwhile A writes in the new period's room: B has it once it moved there.
    await pa.goto('/caixa');
    await caixaTab(pa, 'lancamentos');
    await pa.getByTestId('nova-pagar').click();
    await pa.getByTestId('conta-descricao').fill('Luz durante a mudança');
    await pa.getByTestId('conta-valor').fill('80,00');
    await pa.getByTestId('conta-vencimento').fill(today.iso);
    await pa.getByTestId('conta-competencia').fill(today.iso);
    await pa.getByTestId('conta-salvar').click();
    await expect(pa.getByTestId('caixa-notice')).toContainText('criada.');

    // Let the worker start: B stores the new period and reconnects in its room.
    release();
    await expect(indicator).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
    await pb.goto('/configuracoes');
    await expect(pb.locator('#periodo').getByTestId('period-start')).toHaveText('Período aberto desde 01/06/2026.', { timeout: 20_000 });
    await expect(pb.getByTestId('business-name')).toHaveText('Padaria em Equipe');
    await pb.unroute('**/retaguarda-worker_bg.wasm');
    for (const page of [pb, pa]) {
      await page.goto('/caixa');
      await expect(page.getByTestId('lancamento').filter({ hasText: 'Luz durante a mudança' })).toHaveCount(1, { timeout: 10_000 });
      await expect(page.getByTestId('lancamento').filter({ hasText: 'Gás sem conexão' })).toHaveCount(1, { timeout: 10_000 });
      await expect(page.getByTestId('lancamento').filter({ hasText: 'Aluguel' })).toHaveCount(1);
      await expect(page.getByTestId('lancamento').filter({ hasText: 'Farinha de fevereiro' })).toHaveCount(0);
      await caixaTab(page, 'contas');
      await expect(accountBalance(page, 'Banco do Brasil')).toHaveText('R$ 700,00');
    }

    // After a reload the team still syncs, in the new period's room.
    await pa.reload();
    await pa.goto('/configuracoes');
    const form = pa.getByTestId('profile-form');
    await form.getByLabel('Nome do negócio').fill('Padaria em Equipe Nova');
    await form.getByRole('button', { name: 'Salvar empresa' }).click();
    await expect(pb.getByTestId('business-name')).toHaveText('Padaria em Equipe Nova', { timeout: 10_000 });

    // A device invited now joins the new period directly.
    const newLink = (await pa.getByTestId('invite-link').textContent())!.trim();
    expect(newLink).not.toBe(link);
    const pc = await joinTeam(c, newLink, 'Padaria em Equipe Nova');
    await pc.goto('/configuracoes');
    await expect(pc.locator('#periodo').getByTestId('period-start')).toHaveText('Período aberto desde 01/06/2026.');
    await pc.goto('/caixa');
    await expect(pc.getByTestId('lancamento').filter({ hasText: 'Gás sem conexão' })).toHaveCount(1);
  } finally {
    await a.close();
    await b.close();
    await c.close();
  }
});
