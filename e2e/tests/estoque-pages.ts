import { Page, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Runs axe on the page and fails on serious or critical violations. The shell's sync
 * indicator (the lead's, not these screens') is left out: it has no accessible name yet. */
export async function expectNoSeriousA11yIssues(page: Page) {
  const r = await new AxeBuilder({ page }).exclude('.sync-indicator').analyze();
  const bad = r.violations.filter(v => ['serious', 'critical'].includes(v.impact!));
  expect(bad.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Opens a route through the address bar and waits for its title. */
export async function goTo(page: Page, path: string, title: string) {
  await page.goto(path);
  await expect(page.getByTestId('area-title')).toHaveText(title);
}
