import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { openApp, openArea, AREAS } from './pages';
import { caixaTab } from './ledger-pages';

// The screens no other spec runs axe on: each must have no serious or critical finding
// on a phone, none may scroll sideways, and each leaves a screenshot for review.

async function check(page: Page, name: string) {
  // A screen wider than the phone scrolls sideways and pushes the bottom bar off its taps.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${name} is wider than the screen`).toBeLessThanOrEqual(390);
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter(v => ['serious', 'critical'].includes(v.impact!));
  expect(bad.map(v => `${name} ${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

const area = (label: string) => AREAS.find(a => a.label === label)!;

test.beforeEach(async ({}, info) => {
  test.skip(info.project.name !== 'phone', 'phone screens');
});

test('welcome screen on a fresh profile', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('welcome-form')).toBeVisible();
  await check(page, 'welcome');
});

test('Mais, Configurações, Conciliação and Exportar', async ({ page }) => {
  await openApp(page, '/');
  await page.locator('.bottom-nav [data-testid=nav-mais]').click();
  await expect(page.getByTestId('area-title')).toHaveText('Mais');
  await check(page, 'mais');

  for (const [label, name] of [['Configurações', 'configuracoes'], ['Conciliação', 'conciliacao'], ['Exportar', 'exportar']]) {
    await openArea(page, area(label));
    await expect(page.getByTestId('area-title')).toHaveText(label);
    await check(page, name);
  }
});

test('Estoque > Compra', async ({ page }) => {
  await openApp(page, '/estoque');
  await page.getByTestId('nova-compra').click();
  await expect(page.getByTestId('area-title')).toHaveText('Compra');
  await check(page, 'estoque-compra');
});

test('Caixa: Categorias, Transferências and an open new-entry form', async ({ page }) => {
  await openApp(page, '/caixa');
  await expect(page.getByTestId('area-title')).toHaveText('Caixa');
  await caixaTab(page, 'categorias');
  await check(page, 'caixa-categorias');
  await caixaTab(page, 'transferencias');
  await check(page, 'caixa-transferencias');
  await caixaTab(page, 'lancamentos');
  await page.getByTestId('nova-pagar').click();
  await expect(page.getByTestId('conta-valor')).toBeVisible();
  await check(page, 'caixa-novo-lancamento');
});
