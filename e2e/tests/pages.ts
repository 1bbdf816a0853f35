import { BrowserContext, Page, expect } from '@playwright/test';

export type Area = { label: string; path: string; testid: string; inBottomBar: boolean };

// Mirrors src/app.rs AREAS.
export const AREAS: Area[] = [
  { label: 'Início', path: '/', testid: 'nav-inicio', inBottomBar: true },
  { label: 'Caixa', path: '/caixa', testid: 'nav-caixa', inBottomBar: true },
  { label: 'Cobranças', path: '/cobrancas', testid: 'nav-cobrancas', inBottomBar: true },
  { label: 'Estoque', path: '/estoque', testid: 'nav-estoque', inBottomBar: true },
  { label: 'Clientes', path: '/clientes', testid: 'nav-clientes', inBottomBar: false },
  { label: 'Equipe', path: '/equipe', testid: 'nav-equipe', inBottomBar: false },
  { label: 'Relatórios', path: '/relatorios', testid: 'nav-relatorios', inBottomBar: false },
  { label: 'Conciliação', path: '/conciliacao', testid: 'nav-conciliacao', inBottomBar: false },
  { label: 'Exportar', path: '/exportar', testid: 'nav-exportar', inBottomBar: false },
  { label: 'Histórico', path: '/historico', testid: 'nav-historico', inBottomBar: false },
  { label: 'Configurações', path: '/configuracoes', testid: 'nav-configuracoes', inBottomBar: false },
];

/** Opens an area the way a person would on this viewport: bottom bar or "Mais" on a phone, side bar on a laptop. */
export async function openArea(page: Page, area: Area) {
  const phone = await page.locator('.bottom-nav').isVisible();
  if (!phone) {
    await page.locator(`.side-nav [data-testid=${area.testid}]`).click();
  } else if (area.inBottomBar) {
    await page.locator(`.bottom-nav [data-testid=${area.testid}]`).click();
  } else {
    await page.locator('.bottom-nav [data-testid=nav-mais]').click();
    await expect(page.getByTestId('area-title')).toHaveText('Mais');
    await page.locator('.more-list').getByRole('link', { name: area.label }).click();
  }
}

/** Waits until the service worker controls the page, so everything is precached. */
export async function waitForServiceWorker(page: Page) {
  await page.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.ready;
    return !!reg.active && !!navigator.serviceWorker.controller;
  }, null, { timeout: 30_000 });
}

/** Opens the app; on a fresh profile, creates the business through the welcome screen. */
export async function openApp(page: Page, path = '/', business = 'Padaria Pão Quente') {
  await page.goto(path);
  const welcome = page.getByTestId('welcome-form');
  const title = page.getByTestId('area-title');
  await expect(welcome.or(title).first()).toBeVisible();
  if (await welcome.isVisible()) {
    await page.getByLabel('Nome do negócio').fill(business);
    await page.getByRole('button', { name: 'Começar' }).click();
    await expect(title).toBeVisible();
  }
}

/** Creates a team from Configurações on `page`; returns the invite link once synced. */
export async function createTeam(page: Page): Promise<string> {
  await page.goto('/configuracoes');
  await page.getByTestId('team-create').click();
  const link = (await page.getByTestId('invite-link').textContent())!.trim();
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'ok');
  return link;
}

/** Opens the invite `link` on a new page of `context`, joins, and waits for `business` synced. */
export async function joinTeam(context: BrowserContext, link: string, business: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(link.replace(/^https?:\/\/[^/]+/, ''));
  await page.getByRole('button', { name: 'Entrar na equipe' }).click();
  await expect(page.getByTestId('business-name')).toHaveText(business);
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'ok');
  return page;
}
