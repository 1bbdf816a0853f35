import { test, expect } from './fixtures';
import { AREAS, openApp, openArea, waitForServiceWorker } from './pages';
import { expectAccessible, fillCharge, sharedItems, stubShare } from './cobrancas-pages';

const area = (label: string) => AREAS.find((a) => a.label === label)!;

test('customer, charge, Pix, share, pay: the receivable is paid and the cash tile grows', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await stubShare(page);
  await openApp(page);

  // A customer, with the CPF checked by the core before saving.
  await openArea(page, area('Clientes'));
  await page.getByTestId('new-party').click();
  const form = page.getByTestId('party-form');
  await form.getByLabel('Nome', { exact: true }).fill('Maria Souza');
  await form.getByLabel('CPF ou CNPJ').fill('123.456.789-00');
  await form.getByLabel('Telefone / WhatsApp').fill('(11) 98765-4321');
  await expect(page.getByTestId('tax-id-error')).toBeVisible();
  await form.getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByTestId('party-error')).toContainText('CPF');
  // Nothing typed was lost.
  await expect(form.getByLabel('Nome', { exact: true })).toHaveValue('Maria Souza');
  await form.getByLabel('CPF ou CNPJ').fill('529.982.247-25');
  await form.getByLabel('E-mail').fill('maria@exemplo.com.br');
  await form.getByRole('button', { name: 'Salvar' }).click();
  await expect(page).toHaveURL(/\/clientes\/[0-9a-f-]+$/);
  await expect(page.getByTestId('party-name')).toHaveText('Maria Souza');
  await expect(page.getByTestId('party-card')).toContainText('529.982.247-25');
  await page.getByRole('link', { name: '‹ Clientes' }).click();
  await expect(page.getByTestId('party-list')).toContainText('Maria Souza');
  await page.getByLabel('Buscar').fill('maria');
  await expect(page.getByTestId('party-list').locator('li')).toHaveCount(1);
  await expectAccessible(page);
  await page.screenshot({ path: test.info().outputPath('clientes.png') });

  // Início before: no money yet.
  await openArea(page, area('Início'));
  await expect(page.getByTestId('tile-cash').getByTestId('tile-value')).toHaveText('R$ 0,00');

  // A charge below the minimum is refused with the core's message; then a good one.
  await openArea(page, area('Cobranças'));
  await page.getByTestId('new-charge').click();
  await fillCharge(page, { customer: 'Maria Souza', amount: '5,00', description: 'Bolo de aniversário' });
  await expect(page.getByTestId('charge-error')).toContainText('pelo menos R$ 6,00');
  await expect(page.getByLabel('Valor (R$)')).toHaveValue('5,00');
  await page.getByLabel('Valor (R$)').fill('150,00');
  await page.getByRole('button', { name: 'Criar cobrança' }).click();
  await expect(page).toHaveURL(/\/cobrancas\/[0-9a-f-]+$/);
  const chargeUrl = page.url();
  await expect(page.getByTestId('charge-amount')).toHaveText('R$ 150,00');
  await expect(page.getByTestId('charge-status')).toHaveText('Pendente');

  // No Pix key yet: the page says so; filling it here shows the QR code.
  await expect(page.getByTestId('pix-missing')).toContainText('não tem chave Pix');
  await expect(page.getByTestId('pix-missing').getByRole('link', { name: 'Cadastrar em Configurações' })).toHaveAttribute('href', '/configuracoes');
  await page.getByLabel('Chave Pix do negócio').fill('pix@padaria.com.br');
  await page.getByLabel('Cidade do negócio').fill('São Paulo');
  await page.getByRole('button', { name: 'Salvar chave Pix' }).click();
  await expect(page.getByTestId('pix-qr').locator('svg')).toBeVisible();
  const code = await page.getByTestId('pix-code').inputValue();
  expect(code.startsWith('000201')).toBe(true);
  await page.getByTestId('copy-pix').click();
  await expect(page.getByText('Código copiado.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);

  // Resend through the share sheet: the call carries the message and the log shows it.
  await expect(page.getByTestId('reminder-log')).toContainText('Nenhum lembrete enviado.');
  await page.getByTestId('share-charge').click();
  await expect(page.getByTestId('reminder-log').getByTestId('reminder')).toHaveCount(1);
  await expect(page.getByTestId('reminder-log')).toContainText('WhatsApp');
  const shared = await sharedItems(page);
  expect(shared).toHaveLength(1);
  expect(shared[0].text).toContain('R$ 150,00');
  expect(shared[0].text).toContain(code);
  await expect(page.getByTestId('email-link')).toHaveAttribute('href', /^mailto:maria@exemplo\.com\.br\?subject=/);
  await expectAccessible(page);
  await page.screenshot({ path: test.info().outputPath('cobranca-detalhe.png'), fullPage: true });

  // Mark it paid into the cash drawer.
  await page.getByTestId('mark-paid').click();
  await expect(page.getByTestId('pay-form')).toContainText('R$ 150,00');
  await page.getByRole('button', { name: 'Confirmar pagamento' }).click();
  await expect(page.getByTestId('charge-status')).toHaveText('Paga');
  await expect(page.getByTestId('paid-info')).toContainText('Caixa');

  // The customer's page shows the receivable paid; Início shows the money.
  await openArea(page, area('Clientes'));
  await page.getByRole('link', { name: /Maria Souza/ }).click();
  await expect(page.getByTestId('party-entries')).toContainText('Pago');
  await expect(page.getByTestId('party-charges')).toContainText('Paga');
  await openArea(page, area('Início'));
  await expect(page.getByTestId('tile-cash').getByTestId('tile-value')).toHaveText('R$ 150,00');
  await expect(page.getByTestId('tile-receivable-today').getByTestId('tile-value')).toHaveText('R$ 0,00');
  await expectAccessible(page);
  await page.screenshot({ path: test.info().outputPath('inicio.png') });

  // The list: one paid charge with its total.
  await openArea(page, area('Cobranças'));
  await page.getByTestId('tab-pagas').click();
  await expect(page.getByTestId('tab-pagas').getByTestId('tab-count')).toHaveText('1');
  await expect(page.getByTestId('tab-pagas').getByTestId('tab-total')).toHaveText('R$ 150,00');
  await expect(page.getByTestId('charge-list')).toContainText('Maria Souza');
  await expectAccessible(page);
  await page.screenshot({ path: test.info().outputPath('cobrancas.png') });
  expect(chargeUrl).toContain('/cobrancas/');
});

test('cancelling asks first and moves the charge to Canceladas', async ({ page }) => {
  await openApp(page);
  await openArea(page, area('Cobranças'));
  await page.getByTestId('new-charge').click();
  await fillCharge(page, { newCustomer: 'Carlos Lima', amount: '30,00', description: 'Conserto', });
  await expect(page.getByTestId('charge-status')).toHaveText('Pendente');
  await page.getByTestId('cancel-charge').click();
  await expect(page.getByRole('alertdialog')).toContainText('Cancelar esta cobrança?');
  await page.getByTestId('confirm-cancel').click();
  await expect(page.getByTestId('charge-status')).toHaveText('Cancelada');
  await page.getByRole('link', { name: '‹ Cobranças' }).click();
  await expect(page.getByTestId('tab-canceladas').getByTestId('tab-count')).toHaveText('1');
  await expect(page.getByTestId('tab-pendentes').getByTestId('tab-count')).toHaveText('0');
});

test('a charge created offline is still there after a reload', async ({ page, context }) => {
  await openApp(page);
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await openArea(page, area('Cobranças'));
  await page.getByTestId('new-charge').click();
  await fillCharge(page, { newCustomer: 'João Sem Rede', amount: '20,00', description: 'Pão de queijo' });
  await expect(page).toHaveURL(/\/cobrancas\/[0-9a-f-]+$/);
  await expect(page.getByTestId('charge-amount')).toHaveText('R$ 20,00');
  await page.reload();
  await expect(page.getByTestId('charge-amount')).toHaveText('R$ 20,00');
  await page.getByRole('link', { name: '‹ Cobranças' }).click();
  await expect(page.getByTestId('charge-list')).toContainText('João Sem Rede');
  await context.setOffline(false);
});

test('without the share sheet, resending is a wa.me link with the message, logged as a reminder', async ({ page, context }) => {
  // Hide navigator.share so the page takes the fallback path on every browser.
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'share', { configurable: true, value: undefined });
    Object.defineProperty(navigator, 'share', { configurable: true, value: undefined });
  });
  await context.route('https://wa.me/**', (route) => route.fulfill({ body: 'ok' }));
  await openApp(page);
  await openArea(page, area('Cobranças'));
  await page.getByTestId('new-charge').click();
  const form = page.getByTestId('charge-form');
  await form.locator('select[name=party]').selectOption({ label: '+ Novo cliente' });
  await form.getByLabel('Nome do novo cliente').fill('Ana Reis');
  await form.getByLabel('WhatsApp do cliente (opcional)').fill('(21) 99876-5432');
  await fillCharge(page, { amount: '45,90', description: 'Corte e escova' });
  await expect(page.getByTestId('charge-amount')).toHaveText('R$ 45,90');
  await expect(page.getByTestId('share-charge')).toHaveCount(0);
  const link = page.getByTestId('whatsapp-link');
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^https:\/\/wa\.me\/5521998765432\?text=/);
  const text = decodeURIComponent(href!.split('?text=')[1]);
  expect(text).toContain('R$ 45,90');
  expect(text).toContain('Corte e escova');
  const popup = context.waitForEvent('page');
  await link.click();
  await popup;
  await expect(page.getByTestId('reminder-log').getByTestId('reminder')).toHaveCount(1);
  await expect(page.getByTestId('reminder-log')).toContainText('WhatsApp');
});
