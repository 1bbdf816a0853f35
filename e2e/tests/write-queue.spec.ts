import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { openApp } from './pages';
import { caixaTab, expectNoSeriousA11yViolations } from './ledger-pages';

// Issue 31: a change shows at once from the document in memory and is written to IndexedDB
// right after. When the write fails (a full disk), the change stays on screen, every screen
// says so in pt-BR, and the next change's write stores it too: nothing is lost.

/** Makes IndexedDB refuse (`true`) or take (`false`) every new record, as a full disk does. */
async function refuseWrites(page: Page, refuse: boolean) {
  await page.evaluate((refuse) => {
    const proto = IDBObjectStore.prototype as any;
    if (!proto.__add) {
      proto.__add = proto.add;
      proto.add = function (...args: unknown[]) {
        if ((globalThis as any).__refuseWrites) throw new DOMException('disco cheio', 'QuotaExceededError');
        return this.__add(...args);
      };
    }
    (globalThis as any).__refuseWrites = refuse;
  }, refuse);
}

async function newPayable(page: Page, name: string) {
  await page.getByTestId('nova-pagar').click();
  await page.getByTestId('conta-descricao').fill(name);
  await page.getByTestId('conta-valor').fill('12,34');
  await page.getByTestId('conta-vencimento').fill('2031-01-15');
  await page.getByTestId('conta-salvar').click();
}

test('a change whose write fails stays on screen, is said in pt-BR and is stored with the next one', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone', 'phone journey');
  await openApp(page, '/caixa', 'Mercadinho Sol');
  await expect(page.getByTestId('area-title')).toHaveText('Caixa');
  await caixaTab(page, 'lancamentos');

  await refuseWrites(page, true);
  await newPayable(page, 'Aluguel');
  await expect(page.getByTestId('lancamento').filter({ hasText: 'Aluguel' })).toBeVisible();
  const error = page.getByTestId('erro-gravacao');
  await expect(error).toContainText('As últimas alterações ainda não foram salvas neste aparelho');
  await expect(error).toContainText('O espaço de armazenamento do aparelho acabou');
  await expect(error).toContainText('serão salvas com a próxima alteração');
  await expectNoSeriousA11yViolations(page);
  // Every screen says it, not only the one where the change was made.
  await page.getByRole('link', { name: 'Início' }).first().click();
  await expect(page.getByTestId('erro-gravacao')).toBeVisible();
  await page.getByRole('link', { name: 'Caixa' }).first().click();
  await caixaTab(page, 'lancamentos');

  // The disk has room again: the next change's write takes the kept one first.
  await refuseWrites(page, false);
  await newPayable(page, 'Farinha');
  await expect(page.getByTestId('lancamento').filter({ hasText: 'Farinha' })).toBeVisible();
  await expect(error).toHaveCount(0);

  // Nothing was lost: both are read back from IndexedDB after a reload.
  await page.reload();
  await caixaTab(page, 'lancamentos');
  await expect(page.getByTestId('lancamento').filter({ hasText: 'Aluguel' })).toBeVisible();
  await expect(page.getByTestId('lancamento').filter({ hasText: 'Farinha' })).toBeVisible();
});
