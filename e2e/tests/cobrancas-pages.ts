import { Page, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Records every navigator.share call in window.__shared instead of opening a share sheet. */
export async function stubShare(page: Page) {
  await page.addInitScript(() => {
    (window as any).__shared = [];
    Object.defineProperty(navigator, 'share', {
      configurable: true,
      value: (data: ShareData) => {
        (window as any).__shared.push(data);
        return Promise.resolve();
      },
    });
  });
}

/** The share calls the page made. */
export async function sharedItems(page: Page): Promise<ShareData[]> {
  return page.evaluate(() => (window as any).__shared ?? []);
}

/** No serious or critical axe violations on the current screen. */
export async function expectAccessible(page: Page) {
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter((v) => ['serious', 'critical'].includes(v.impact!));
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Fills and submits the "Nova cobrança" form (the form must be open). */
export async function fillCharge(
  page: Page,
  opts: { customer?: string; newCustomer?: string; amount: string; description: string },
) {
  const form = page.getByTestId('charge-form');
  if (opts.newCustomer) {
    await form.locator('select[name=party]').selectOption({ label: '+ Novo cliente' });
    await form.getByLabel('Nome do novo cliente').fill(opts.newCustomer);
  } else if (opts.customer) {
    await form.locator('select[name=party]').selectOption({ label: opts.customer });
  }
  await form.getByLabel('Valor (R$)').fill(opts.amount);
  await form.getByLabel('Descrição').fill(opts.description);
  await form.getByRole('button', { name: 'Criar cobrança' }).click();
}
