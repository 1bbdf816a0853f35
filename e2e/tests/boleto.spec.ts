import { test, expect } from './fixtures';
import * as fs from 'fs';
import { AREAS, openApp, openArea } from './pages';
import { expectAccessible } from './cobrancas-pages';
import { createAccount } from './ledger-pages';

const area = (label: string) => AREAS.find((a) => a.label === label)!;

/** A 240-character CNAB line with each value written from its 1-based FEBRABAN position. */
function record(fields: [number, string][]): string {
  const line = Array(240).fill(' ');
  for (const [from, value] of fields) for (let i = 0; i < value.length; i++) line[from - 1 + i] = value[i];
  return line.join('');
}

/** dd/mm/aaaa and ddmmaaaa and ISO of a day `offset` days from today (UTC). */
function day(offset: number) {
  const d = new Date(Date.now() + offset * 86400000);
  const iso = d.toISOString().slice(0, 10);
  const [y, m, dd] = iso.split('-');
  return { iso, br: `${dd}/${m}/${y}`, cnab: `${dd}${m}${y}` };
}

/** FEBRABAN's fator de vencimento: days since 07/10/1997, 1000 again from 22/02/2025. */
function fator(iso: string): string {
  const days = Math.round((Date.parse(iso + 'T00:00:00Z') - Date.parse('1997-10-07T00:00:00Z')) / 86400000);
  return String(((days - 1000) % 9000) + 1000);
}

/** The bank's retorno paying `nosso` (R$ 150,00, R$ 3,00 juros, R$ 2,50 fee), FEBRABAN CNAB 240 segments T and U. */
function retorno(nosso: string, paidOn: string): string {
  return [
    record([[1, '341'], [4, '0000'], [8, '0'], [53, '00057'], [59, '000000072192'], [143, '2'], [144, paidOn], [158, '000001']]),
    record([[1, '341'], [4, '0001'], [8, '1'], [9, 'T']]),
    record([[1, '341'], [4, '0001'], [8, '3'], [9, '00001'], [14, 'T'], [16, '06'], [38, nosso], [82, '000000000015000'], [199, '000000000000250']]),
    record([[1, '341'], [4, '0001'], [8, '3'], [9, '00002'], [14, 'U'], [16, '06'], [18, '000000000000300'], [78, '000000000015300'], [138, paidOn], [146, paidOn]]),
    record([[1, '341'], [4, '0001'], [8, '5'], [18, '000004']]),
    record([[1, '341'], [4, '9999'], [8, '9'], [18, '000001'], [24, '000006']]),
  ].join('\r\n') + '\r\n';
}

test('carteira, boleto charge, print, remessa, retorno that pays it, the fee in Caixa', async ({ page }) => {
  await openApp(page, '/caixa');
  await createAccount(page, 'Banco Itaú', 'Banco', '0,00');

  // The business's CNPJ (the remessa needs it) and a customer with CPF and address.
  await page.goto('/configuracoes');
  const profile = page.getByTestId('profile-form');
  await profile.getByLabel('CPF ou CNPJ').fill('11.222.333/0001-81');
  await profile.getByLabel('Cidade').fill('São Paulo');
  await profile.getByRole('button', { name: 'Salvar empresa' }).click();
  await expect(profile.getByRole('status')).toHaveText('Dados da empresa salvos.');
  await openArea(page, area('Clientes'));
  await page.getByTestId('new-party').click();
  const party = page.getByTestId('party-form');
  await party.getByLabel('Nome', { exact: true }).fill('Maria Souza');
  await party.getByLabel('CPF ou CNPJ').fill('529.982.247-25');
  await party.getByLabel('Endereço').fill('Rua das Flores, 12, Centro, São Paulo - SP, 01310-100');
  await party.getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByTestId('party-name')).toHaveText('Maria Souza');

  // Configure the carteira: a wrong conta first (core's message), then the right one.
  await openArea(page, area('Cobranças'));
  await page.getByTestId('carteiras').locator('summary').click();
  await page.getByTestId('new-carteira').click();
  const form = page.getByTestId('carteira-form');
  await form.locator('select[name=bank]').selectOption('341');
  await form.locator('input[name=agencia]').fill('0057');
  await form.locator('input[name=conta]').fill('721921');
  await form.locator('input[name=conta_dv]').fill('3');
  await form.locator('input[name=carteira]').fill('109');
  await form.getByRole('button', { name: 'Salvar carteira' }).click();
  await expect(page.getByTestId('carteira-form-error')).toContainText('conta: tem no máximo 5 dígitos');
  await form.locator('input[name=conta]').fill('72192');
  await form.getByRole('button', { name: 'Salvar carteira' }).click();
  await expect(page.getByTestId('carteira')).toContainText('Itaú · agência 0057 · conta 72192 · carteira 109');
  await expectAccessible(page);

  // A boleto charge.
  await page.getByTestId('new-charge').click();
  const charge = page.getByTestId('charge-form');
  await charge.locator('select[name=party]').selectOption({ label: 'Maria Souza' });
  await charge.getByLabel('Valor (R$)').fill('150,00');
  const due = day(20);
  await charge.getByLabel('Vencimento').fill(due.iso);
  await charge.getByLabel('Boleto', { exact: true }).check();
  await charge.getByLabel('Descrição').fill('Encomenda de Natal');
  // This boleto's own terms, filled from the carteira (juros 1% a.m., multa 2%) and changed.
  await charge.getByTestId('boleto-terms').locator('summary').click();
  const terms = charge.getByTestId('boleto-terms');
  await expect(terms.getByLabel('Juros ao mês (%)')).toHaveValue('1');
  await expect(terms.getByLabel('Multa (%)')).toHaveValue('2');
  const discountUntil = day(15);
  await terms.getByLabel('Desconto (R$)').fill('7,50');
  await terms.getByLabel('Data limite do desconto').fill(discountUntil.iso);
  await terms.getByLabel('Protestar após (dias de atraso)').fill('5');
  await terms.getByLabel('Baixar após (dias de atraso)').fill('3');
  await charge.getByRole('button', { name: 'Criar cobrança' }).click();
  await expect(page.getByTestId('charge-error')).toHaveText('Baixa: a baixa vem depois do protesto: informe mais dias que os do protesto.');
  await expectAccessible(page);
  await terms.getByLabel('Baixar após (dias de atraso)').fill('30');
  await charge.getByRole('button', { name: 'Criar cobrança' }).click();
  await expect(page).toHaveURL(/\/cobrancas\/[0-9a-f-]+$/);
  const chargeUrl = page.url();

  // The boleto: linha digitável, the barcode as SVG at FEBRABAN's size, the instructions.
  const section = page.getByTestId('boleto-section');
  await expect(section.getByTestId('boleto-bank-status')).toHaveText('Aguardando envio na remessa');
  await expect(section.getByTestId('boleto-linha')).toHaveText(new RegExp(`^34191\\.09\\d{3} \\d{5}\\.\\d{6} \\d{5}\\.\\d{6} \\d ${fator(due.iso)}0000015000$`));
  const svg = section.getByTestId('boleto-barcode').locator('svg');
  await expect(svg).toHaveAttribute('width', '102.87mm');
  await expect(svg).toHaveAttribute('height', '13mm');
  const instructions = section.getByTestId('boleto-instructions');
  await expect(instructions).toContainText('juros de 1% ao mês');
  await expect(instructions).toContainText(`Até ${discountUntil.br}, desconto de R$ 7,50.`);
  await expect(instructions).toContainText('Sujeito a protesto após 5 dias do vencimento.');
  await expect(instructions).toContainText('Não receber após 30 dias do vencimento.');
  await expect(section.getByTestId('share-boleto-whatsapp')).toHaveAttribute('href', /34191/);
  await expectAccessible(page);
  await page.screenshot({ path: test.info().outputPath('boleto.png'), fullPage: true });

  // Printing: the button opens the print dialog; in print media only the boleto shows.
  await page.evaluate(() => { (window as any).__printed = 0; window.print = () => { (window as any).__printed++; }; });
  await section.getByTestId('print-boleto').click();
  expect(await page.evaluate(() => (window as any).__printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('charge-summary')).toBeHidden();
  await expect(page.getByTestId('boleto-print')).toBeVisible();
  const pdf = await page.pdf({ path: test.info().outputPath('boleto.pdf'), format: 'A4' });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(5000);
  await page.screenshot({ path: test.info().outputPath('boleto-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  // Download the remessa; the nosso número is in segment P, positions 38-57.
  await openArea(page, area('Cobranças'));
  await page.getByTestId('carteiras').locator('summary').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-remessa').click(),
  ]);
  expect(download.suggestedFilename()).toBe('remessa-341-000001.rem');
  const rem = fs.readFileSync((await download.path())!, 'latin1').split('\r\n').filter((l) => l.length);
  expect(rem).toHaveLength(7);
  expect(rem.every((l) => l.length === 240)).toBe(true);
  const p = rem.find((l) => l[13] === 'P')!;
  const nosso = p.substring(37, 57).trim();
  // The boleto's own terms in segment P (FEBRABAN positions; Itaú's baixa days are 225-226):
  // desconto 1 (code 1, date, R$ 7,50), protesto after 5 days, baixa after 30.
  expect(p.substring(141, 142)).toBe('1');
  expect(p.substring(142, 150)).toBe(discountUntil.cnab);
  expect(p.substring(150, 165)).toBe('000000000000750');
  expect(p.substring(220, 223)).toBe('105');
  expect(p.substring(223, 226)).toBe('130');
  // Multa 2% in segment R (66-89).
  const r = rem.find((l) => l[13] === 'R')!;
  expect(r.substring(65, 66)).toBe('2');
  expect(r.substring(74, 89)).toBe('000000000000200');
  await expect(page.getByTestId('carteira-notice')).toContainText('Remessa 1 gerada: 1 boleto(s)');
  await expectAccessible(page);

  // Import the retorno that pays it.
  const file = test.info().outputPath('retorno.ret');
  const paid = day(0);
  fs.writeFileSync(file, retorno(nosso, paid.cnab), 'latin1');
  await page.getByLabel('Importar retorno do banco').setInputFiles(file);
  await expect(page.getByTestId('carteira-notice')).toContainText('1 pago(s)');
  await expect(page.getByTestId('carteira-notice')).toContainText('Tarifas: R$ 2,50');
  await expectAccessible(page);
  await page.getByLabel('Importar retorno do banco').setInputFiles(file);
  await expect(page.getByTestId('carteira-notice')).toHaveText('Este retorno já foi importado: nada mudou.');

  await page.goto(chargeUrl);
  await expect(page.getByTestId('charge-status')).toHaveText('Paga');
  await expect(page.getByTestId('paid-info')).toContainText(paid.br);

  // The fee is an expense in Caixa.
  await openArea(page, area('Caixa'));
  await expect(page.getByText(/Tarifa de cobrança do boleto/).first()).toBeVisible();
  await expectAccessible(page);
});

/** A retorno of the test's Itaú carteira with one T/U pair per title: movement code, nosso número, rejection codes. */
function retornoOf(nsa: string, titles: [string, string, string][]): string {
  const lines = [
    record([[1, '341'], [4, '0000'], [8, '0'], [53, '00057'], [59, '000000072192'], [143, '2'], [144, day(0).cnab], [158, nsa]]),
    record([[1, '341'], [4, '0001'], [8, '1'], [9, 'T']]),
  ];
  titles.forEach(([code, nosso, reasons], i) => {
    const seq = (n: number) => String(n).padStart(5, '0');
    lines.push(record([[1, '341'], [4, '0001'], [8, '3'], [9, seq(2 * i + 1)], [14, 'T'], [16, code], [38, nosso], [82, '000000000015000'], [199, '000000000000000'], [214, reasons]]));
    lines.push(record([[1, '341'], [4, '0001'], [8, '3'], [9, seq(2 * i + 2)], [14, 'U'], [16, code]]));
  });
  lines.push(record([[1, '341'], [4, '0001'], [8, '5'], [18, String(titles.length * 2 + 2).padStart(6, '0')]]));
  lines.push(record([[1, '341'], [4, '9999'], [8, '9'], [18, '000001'], [24, String(titles.length * 2 + 4).padStart(6, '0')]]));
  return lines.join('\r\n') + '\r\n';
}

/** Charge ids as the remessa's seu número carries them (positions 196-205 of segment P). */
const documentOf = (url: string) => url.split('/').pop()!.replace(/[^a-z0-9]/gi, '').slice(0, 10).toUpperCase();

test('edit the carteira; a baixa closes a charge; a rejected boleto is corrected and re-sent', async ({ page }) => {
  await openApp(page, '/caixa');
  await createAccount(page, 'Banco Itaú', 'Banco', '0,00');
  await page.goto('/configuracoes');
  const profile = page.getByTestId('profile-form');
  await profile.getByLabel('CPF ou CNPJ').fill('11.222.333/0001-81');
  await profile.getByLabel('Cidade').fill('São Paulo');
  await profile.getByRole('button', { name: 'Salvar empresa' }).click();
  await expect(profile.getByRole('status')).toHaveText('Dados da empresa salvos.');
  await openArea(page, area('Clientes'));
  await page.getByTestId('new-party').click();
  const party = page.getByTestId('party-form');
  await party.getByLabel('Nome', { exact: true }).fill('Maria Souza');
  await party.getByLabel('CPF ou CNPJ').fill('529.982.247-25');
  await party.getByLabel('Endereço').fill('Rua das Flores, 12, Centro, São Paulo - SP, 01310-100');
  await party.getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByTestId('party-name')).toHaveText('Maria Souza');

  await openArea(page, area('Cobranças'));
  await page.getByTestId('carteiras').locator('summary').click();
  await page.getByTestId('new-carteira').click();
  let form = page.getByTestId('carteira-form');
  await expect(form.getByTestId('carteira-bank-hint')).toContainText('Itaú');
  await form.locator('input[name=agencia]').fill('0057');
  await form.locator('input[name=conta]').fill('72192');
  await form.locator('input[name=conta_dv]').fill('3');
  await form.locator('input[name=carteira]').fill('109');
  await form.getByRole('button', { name: 'Salvar carteira' }).click();
  await expect(page.getByTestId('carteira')).toContainText('carteira 109');

  // Edit it: a multa over 2% is refused in pt-BR and the typed values stay; then saved.
  await page.getByTestId('edit-carteira').click();
  form = page.getByTestId('carteira-form');
  await expect(form.locator('input[name=agencia]')).toHaveValue('0057');
  await expect(form.locator('input[name=multa]')).toHaveAttribute('maxlength', '6');
  await form.locator('input[name=multa]').fill('5');
  await form.locator('input[name=discount]').fill('5,00');
  await form.locator('input[name=baixa_days]').fill('30');
  await form.getByRole('button', { name: 'Salvar carteira' }).click();
  await expect(page.getByTestId('carteira-form-error')).toHaveText('Multa: informe de 0 a 2%.');
  await expect(form.locator('input[name=discount]')).toHaveValue('5,00');
  await form.locator('input[name=multa]').fill('1,5');
  await form.getByRole('button', { name: 'Salvar carteira' }).click();
  await expect(page.getByTestId('carteira-form')).toBeHidden();
  await page.getByTestId('edit-carteira').click();
  await expect(page.getByTestId('carteira-form').locator('input[name=multa]')).toHaveValue('1,5');
  await expect(page.getByTestId('carteira-form').locator('input[name=baixa_days]')).toHaveValue('30');
  await expectAccessible(page);
  await page.getByTestId('carteira-form').getByRole('button', { name: 'Cancelar' }).click();

  // Two boleto charges.
  const urls: string[] = [];
  for (const what of ['Bolo de aniversário', 'Salgados da festa']) {
    await openArea(page, area('Cobranças'));
    await page.getByTestId('new-charge').click();
    const charge = page.getByTestId('charge-form');
    await charge.locator('select[name=party]').selectOption({ label: 'Maria Souza' });
    await charge.getByLabel('Valor (R$)').fill('150,00');
    await charge.getByLabel('Vencimento').fill(day(20).iso);
    await charge.getByLabel('Boleto', { exact: true }).check();
    await charge.getByLabel('Descrição').fill(what);
    await charge.getByRole('button', { name: 'Criar cobrança' }).click();
    await expect(page).toHaveURL(/\/cobrancas\/[0-9a-f-]+$/);
    await expect(page.getByTestId('boleto-section').getByTestId('boleto-instructions')).toContainText('desconto de R$ 5,00');
    urls.push(page.url());
  }
  const [rejectedUrl, baixaUrl] = urls;

  // Remessa 1 with both; the retorno rejects the first (Itaú's 95, CEP inválido) and writes off the second.
  await openArea(page, area('Cobranças'));
  await page.getByTestId('carteiras').locator('summary').click();
  const [first] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-remessa').click()]);
  const rem = fs.readFileSync((await first.path())!, 'latin1').split('\r\n').filter((l) => l.length);
  const nossoOf = (url: string) => rem.find((l) => l[13] === 'P' && l.substring(195, 205) === documentOf(url))!.substring(37, 57).trim();
  const file = test.info().outputPath('retorno-2.ret');
  fs.writeFileSync(file, retornoOf('000002', [['03', nossoOf(rejectedUrl), '95'], ['09', nossoOf(baixaUrl), '']]), 'latin1');
  await page.getByLabel('Importar retorno do banco').setInputFiles(file);
  const notice = page.getByTestId('carteira-notice');
  await expect(notice).toContainText('1 rejeitado(s)');
  await expect(notice).toContainText('1 baixado(s) (1 cobrança(s) encerrada(s))');
  await expect(notice).toContainText('Rejeição: CEP do pagador não numérico ou inválido.');

  // The baixa closed its charge.
  await page.goto(baixaUrl);
  await expect(page.getByTestId('charge-status')).toHaveText('Cancelada');
  await expect(page.getByTestId('cancelled-info')).toContainText('Baixado pelo banco');

  // The rejected one: corrected and re-sent, it goes in remessa 2 with the same nosso número.
  await page.goto(rejectedUrl);
  await expect(page.getByTestId('boleto-bank-status')).toHaveText('Rejeitado pelo banco: CEP do pagador não numérico ou inválido');
  await expectAccessible(page);
  await page.getByTestId('resend-boleto').click();
  await expect(page.getByTestId('boleto-bank-status')).toHaveText('Aguardando envio na remessa');
  await expect(page.getByTestId('boleto-earlier-rejections')).toHaveText('Rejeições anteriores: CEP do pagador não numérico ou inválido.');
  await openArea(page, area('Cobranças'));
  await page.getByTestId('carteiras').locator('summary').click();
  const [second] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-remessa').click()]);
  expect(second.suggestedFilename()).toBe('remessa-341-000002.rem');
  const rem2 = fs.readFileSync((await second.path())!, 'latin1').split('\r\n').filter((l) => l.length);
  const p2 = rem2.filter((l) => l[13] === 'P');
  expect(p2).toHaveLength(1);
  expect(p2[0].substring(37, 57).trim()).toBe(nossoOf(rejectedUrl));
  await expect(page.getByTestId('carteira-notice')).toContainText('Remessa 2 gerada: 1 boleto(s)');
  await expectAccessible(page);
});
