import { BrowserContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { createTeam, openApp } from './pages';

// The staff document in the app (issue 28, docs/SYNC.md 10.5): the owner's phone records a
// person with a salary and runs a payroll; a manager's phone reads them through the staff
// document's own room; a cashier's phone syncs the shop and holds none of it in IndexedDB.

const NAME = 'Maria Sigilosa da Silva';
const CPF = '52998224725';
const SALARY = '3178.45';

/** The owner invites `person` as `role`; the new phone asks, both show one code, the owner admits. */
async function invite(owner: Page, context: BrowserContext, person: string, role: string): Promise<Page> {
  await owner.goto('/configuracoes');
  const card = owner.getByTestId('membros');
  await card.getByTestId('invite-person').fill(person);
  await card.getByTestId('invite-role').selectOption(role);
  await card.getByTestId('invite-create').click();
  const link = (await card.getByTestId('member-invite-link').textContent())!.trim();
  const page = await context.newPage();
  await page.goto(link.replace(/^https?:\/\/[^/]+/, ''));
  await page.getByTestId('invite-ask').click();
  const code = (await page.getByTestId('join-code').textContent())!.trim();
  await expect(card.getByTestId('approve-code')).toHaveText(code);
  await card.getByTestId('approve-join').click();
  await expect(page.getByTestId('invite-joined')).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Continuar' }).click();
  await expect(page.getByTestId('business-name')).toHaveText('Padaria Pão Quente', { timeout: 15_000 });
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'ok');
  return page;
}

/**
 * Every value of every store of every IndexedDB database of the page, as text (bytes read
 * as Latin-1, strings as they are), and which of `needles` occur in it; also whether the
 * snapshot store keeps a staff document.
 */
async function storedText(page: Page, needles: string[]): Promise<{ found: string[]; staffKept: boolean; bytes: number }> {
  return page.evaluate(async (needles: string[]) => {
    const dbs = await indexedDB.databases();
    let text = '';
    let staffKept = false;
    for (const info of dbs) {
      const db: IDBDatabase = await new Promise((ok, fail) => {
        const r = indexedDB.open(info.name!);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        const tx = db.transaction(name, 'readonly');
        const store = tx.objectStore(name);
        const [keys, values]: [IDBValidKey[], unknown[]] = await Promise.all([
          new Promise<IDBValidKey[]>(ok => { const r = store.getAllKeys(); r.onsuccess = () => ok(r.result); }),
          new Promise<unknown[]>(ok => { const r = store.getAll(); r.onsuccess = () => ok(r.result); }),
        ]);
        if (name === 'snapshot' && keys.includes('staff')) staffKept = true;
        for (const v of values) {
          if (v instanceof Uint8Array || v instanceof ArrayBuffer) {
            const bytes = v instanceof Uint8Array ? v : new Uint8Array(v);
            let s = '';
            for (let i = 0; i < bytes.length; i += 4096) {
              s += String.fromCharCode(...bytes.subarray(i, i + 4096));
            }
            text += s;
          } else {
            text += typeof v === 'string' ? v : JSON.stringify(v);
          }
          text += '\n';
        }
      }
      db.close();
    }
    return { found: needles.filter(n => text.includes(n)), staffKept, bytes: text.length };
  }, needles);
}

test('a cashier syncs the shop and holds no salary, CPF or name; a manager reads the payroll', async ({ browser }, info) => {
  test.setTimeout(180_000);
  test.skip(info.project.name !== 'phone', 'a phone journey across three devices');
  const ownerCtx = await browser.newContext();
  const managerCtx = await browser.newContext();
  const cashierCtx = await browser.newContext();
  try {
    const owner = await ownerCtx.newPage();
    owner.on('dialog', d => d.accept());
    await openApp(owner, '/', 'Padaria Pão Quente');
    await createTeam(owner);
    const card = owner.getByTestId('membros');
    await card.getByTestId('members-person').fill('Ana');
    await card.getByTestId('members-found').click();
    await expect(card.getByTestId('papel')).toHaveText('Dono');
    // Founding moves the staff records to the staff document, kept apart on the phone.
    await expect.poll(async () => (await storedText(owner, [])).staffKept, { timeout: 15_000 }).toBe(true);

    // The owner records a person with a salary and runs October's payroll.
    await owner.goto('/equipe');
    await owner.getByTestId('nova-pessoa').click();
    const form = owner.getByTestId('pessoa-form');
    await form.getByLabel('Nome completo').fill(NAME);
    await form.getByLabel('CPF').fill('529.982.247-25');
    await form.getByLabel('Função').fill('Padeira');
    await form.getByLabel('Data de admissão').fill('2025-02-03');
    await form.getByLabel('Salário mensal (R$)').fill('3.178,45');
    await owner.getByTestId('salvar-pessoa').press('Enter');
    await expect(owner.getByTestId('pessoa-row').filter({ hasText: NAME })).toContainText('R$ 3.178,45');
    await owner.getByTestId('tab-folha').click();
    await owner.getByTestId('folha-mes').fill('2026-10');
    await owner.getByTestId('rodar-folha').press('Enter');
    await expect(owner).toHaveURL(/\/equipe\/folha\/2026-10$/);
    await expect(owner.getByTestId('holerite').filter({ hasText: NAME }).getByTestId('holerite-bruto')).toHaveText('R$ 3.178,45');

    const manager = await invite(owner, managerCtx, 'Caio', 'gerente');
    const cashier = await invite(owner, cashierCtx, 'Bia', 'caixa');

    // The manager reads the payroll, which came through the staff document's room.
    await manager.goto('/equipe/folha/2026-10');
    const slip = manager.getByTestId('holerite').filter({ hasText: NAME });
    await expect(slip.getByTestId('holerite-bruto')).toHaveText('R$ 3.178,45', { timeout: 20_000 });
    const r = await new AxeBuilder({ page: manager }).exclude('.sync-indicator').analyze();
    const bad = r.violations.filter(v => ['serious', 'critical'].includes(v.impact!));
    expect(bad.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)).toEqual([]);

    // The staff room's cursor is kept on the manager's phone: a start does not receive the
    // whole room again.
    const staffState = await manager.evaluate(async () => {
      const db: IDBDatabase = await new Promise((ok, fail) => {
        const r = indexedDB.open('retaguarda');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      const value: unknown = await new Promise(ok => {
        const r = db.transaction('meta').objectStore('meta').get('staff_sync_state');
        r.onsuccess = () => ok(r.result);
      });
      db.close();
      return typeof value === 'string' ? JSON.parse(value) : null;
    });
    expect(staffState?.room).toMatch(/^[0-9a-f]{64}$/);
    expect(staffState?.state?.cursor).toBeGreaterThan(0);

    // Another tab of the manager's phone sees a staff change at once, with no relay between
    // them (the phone offline): the tabs tell each other, as they do the shop's changes.
    const second = await managerCtx.newPage();
    await second.goto('/equipe');
    await expect(second.getByTestId('pessoa-row').filter({ hasText: NAME })).toBeVisible({ timeout: 15_000 });
    await manager.goto('/equipe');
    await managerCtx.setOffline(true);
    await manager.getByTestId('nova-pessoa').click();
    const other = manager.getByTestId('pessoa-form');
    await other.getByLabel('Nome completo').fill('Pedro da Outra Aba');
    await other.getByLabel('CPF').fill('111.444.777-35');
    await other.getByLabel('Função').fill('Atendente');
    await other.getByLabel('Data de admissão').fill('2026-03-02');
    await other.getByLabel('Salário mensal (R$)').fill('2.000,00');
    await manager.getByTestId('salvar-pessoa').press('Enter');
    await expect(manager.getByTestId('pessoa-row').filter({ hasText: 'Pedro da Outra Aba' })).toBeVisible();
    await expect(second.getByTestId('pessoa-row').filter({ hasText: 'Pedro da Outra Aba' })).toBeVisible({ timeout: 10_000 });
    await managerCtx.setOffline(false);
    await second.close();

    // The cashier's phone has the shop (a sale the owner makes after it joined reaches it)...
    await owner.goto('/configuracoes');
    await owner.getByTestId('profile-form').getByLabel('Nome do negócio').fill('Padaria Sincronizada');
    await owner.getByTestId('profile-form').getByRole('button', { name: 'Salvar empresa' }).click();
    await expect(cashier.getByTestId('business-name')).toHaveText('Padaria Sincronizada', { timeout: 15_000 });
    await expect(cashier.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'ok');
    // ...and none of the staff records: not the name, the CPF or the salary, in any store.
    const needles = [NAME, CPF, SALARY];
    const onCashier = await storedText(cashier, needles);
    expect(onCashier.bytes).toBeGreaterThan(1000);
    expect(onCashier.staffKept).toBe(false);
    expect(onCashier.found).toEqual([]);
    await cashier.goto('/equipe');
    await expect(cashier.getByTestId('role-restricted')).toBeVisible();

    // The control: the owner's and the manager's phones keep the staff document.
    const onOwner = await storedText(owner, needles);
    expect(onOwner.staffKept).toBe(true);
    const onManager = await storedText(manager, needles);
    expect(onManager.staffKept).toBe(true);
  } finally {
    await ownerCtx.close();
    await managerCtx.close();
    await cashierCtx.close();
  }
});
