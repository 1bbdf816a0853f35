import { Page, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const MONTHS = ['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'];

/** Today on the browser's calendar: ISO (for date inputs) and the report's month label (`nov/26`). */
export async function browserToday(page: Page): Promise<{ iso: string; month: string }> {
  const [y, m, d] = await page.evaluate(() => {
    const now = new Date();
    return [now.getFullYear(), now.getMonth() + 1, now.getDate()];
  });
  const pad = (n: number) => String(n).padStart(2, '0');
  return { iso: `${y}-${pad(m)}-${pad(d)}`, month: `${MONTHS[m - 1]}/${pad(y % 100)}` };
}

/** Opens a Caixa tab. */
export async function caixaTab(page: Page, tab: 'lancamentos' | 'contas' | 'categorias' | 'transferencias') {
  await page.getByTestId(`caixa-tab-${tab}`).click();
  await expect(page.getByTestId(`caixa-tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
}

/** Creates an account in the Contas tab. */
export async function createAccount(page: Page, name: string, kind: string, opening: string) {
  await caixaTab(page, 'contas');
  await page.getByTestId('conta-nome').fill(name);
  await page.getByTestId('conta-tipo-conta').selectOption({ label: kind });
  await page.getByTestId('conta-saldo-inicial').fill(opening);
  await page.getByTestId('conta-criar').click();
  await expect(page.getByTestId('caixa-notice')).toContainText(`Conta "${name}" criada.`);
}

/** The balance shown for an account in the Contas tab. */
export function accountBalance(page: Page, name: string) {
  return page.locator(`[data-testid=conta][data-nome="${name}"] [data-testid=conta-saldo]`);
}

/** Runs axe on the screen's content and fails on serious or critical violations. The shell's
 * sync indicator (a link without a name, owned by the shell) is left out and reported to its owner. */
export async function expectNoSeriousA11yViolations(page: Page) {
  const r = await new AxeBuilder({ page }).exclude('.sync-indicator').analyze();
  const bad = r.violations.filter(v => ['serious', 'critical'].includes(v.impact!));
  expect(bad.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)).toEqual([]);
}
