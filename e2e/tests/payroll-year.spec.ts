import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { openApp } from './pages';
import { expectNoSeriousA11yIssues } from './estoque-pages';

// Figures are core's worked cases on the 2026 tables (crates/core/tests/ferias_pay.rs,
// decimo_terceiro.rs, rescisao.rs): for R$ 3.000,00 the vacation of 30 days is 3.000,00 + 1/3
// 1.000,00, INSS 368,61, net 3.631,39; the 13º is 1.500,00 in November and 1.251,39 in
// December (INSS 248,61); the TRCT of 20/08/2026 after 3 years has 39 days of aviso.

async function addPerson(page: Page, name: string, cpf: string, hire: string) {
  await page.getByTestId('nova-pessoa').click();
  const form = page.getByTestId('pessoa-form');
  await form.getByLabel('Nome completo').fill(name);
  await form.getByLabel('CPF').fill(cpf);
  await form.getByLabel('Função').fill('Padeiro');
  await form.getByLabel('Data de admissão').fill(hire);
  await form.getByLabel('Salário mensal (R$)').fill('3.000,00');
  await page.getByTestId('salvar-pessoa').press('Enter');
  await expect(page.getByTestId('pessoa-row').filter({ hasText: name })).toBeVisible();
}

async function runMonth(page: Page, month: string) {
  await page.goto('/equipe');
  await page.getByTestId('tab-folha').click();
  await page.getByTestId('folha-mes').fill(month);
  await page.getByTestId('rodar-folha').press('Enter');
  await expect(page).toHaveURL(new RegExp(`/equipe/folha/${month}$`));
}

test('vacation with its payable, a TRCT with its payables, November and December with the 13º', async ({ page }) => {
  await openApp(page, '/equipe');
  await addPerson(page, 'João Pereira', '529.982.247-25', '2025-03-02');
  await addPerson(page, 'Maria Souza', '111.444.777-35', '2023-03-01');

  // Vacation from Monday 14/12/2026: core's preview, then the payable two days before (Friday 11/12).
  await page.getByTestId('pessoa-row').filter({ hasText: 'João Pereira' }).click();
  await page.getByTestId('ferias-inicio').fill('2026-12-14');
  await page.getByTestId('ferias-dias').fill('30');
  const preview = page.getByTestId('ferias-previa');
  await expect(preview).toContainText('Pagamento até 11/12/2026');
  await expect(preview.getByTestId('folha-liquido')).toHaveText('R$ 3.631,39');
  await expect(preview).toContainText('INSS das férias 9,22% sobre R$ 4.000,00');
  await expectNoSeriousA11yIssues(page);
  await page.getByTestId('ferias-dias').press('Enter');
  await expect(page.getByTestId('ferias-form').getByRole('status')).toContainText('Férias de 30 dias marcadas');
  const receipt = page.getByTestId('recibo-ferias');
  await expect(receipt.getByTestId('folha-liquido')).toHaveText('R$ 3.631,39');
  const vacationPayable = page.getByTestId('conta-criada').filter({ hasText: /^Férias de João Pereira/ });
  await expect(vacationPayable).toContainText('R$ 3.631,39');
  await expect(vacationPayable).toContainText('Vence em 11/12/2026');
  await expect(receipt.getByTestId('imprimir')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('recibo-ferias.png'), fullPage: true });

  // Ending Maria's contract: the TRCT preview, then the TRCT and its payables.
  await page.goto('/equipe');
  await page.getByTestId('pessoa-row').filter({ hasText: 'Maria Souza' }).click();
  await page.getByTestId('rescisao-ultimo-dia').fill('2026-08-20');
  await page.getByTestId('rescisao-fgts').fill('10.000,00');
  const trctPreview = page.getByTestId('trct-previa');
  await expect(trctPreview).toContainText('Aviso prévio indenizado (39 dias)');
  await expect(trctPreview).toContainText('INSS do saldo de salário 7,78% sobre R$ 2.000,00');
  await expectNoSeriousA11yIssues(page);
  await page.getByTestId('confirmar-rescisao').click();
  const trct = page.getByTestId('trct');
  await expect(trct).toContainText('Dispensa sem justa causa');
  await expect(trct).toContainText('13º salário proporcional (9/12)');
  await expect(page.getByTestId('conta-criada').filter({ hasText: 'Rescisão de Maria Souza (TRCT)' }))
    .toContainText('Vence em 30/08/2026');
  await expect(page.getByTestId('conta-criada').filter({ hasText: 'FGTS e multa da rescisão de Maria Souza' }))
    .toBeVisible();
  await page.screenshot({ path: test.info().outputPath('trct.png'), fullPage: true });

  // 13º: first installment, then the second.
  await page.goto('/equipe');
  await page.getByTestId('tab-13').click();
  await page.getByTestId('decimo-ano').fill('2026');
  await page.getByTestId('decimo-1').click();
  const first = page.getByTestId('decimo-previa-folha').filter({ hasText: 'João Pereira' });
  await expect(first.getByTestId('folha-liquido')).toHaveText('R$ 1.500,00');
  await expectNoSeriousA11yIssues(page);
  await page.getByTestId('decimo-pagar').click();
  await expect(page.getByTestId('conta-criada').filter({ hasText: '1ª parcela — João Pereira' }))
    .toContainText('Vence em 30/11/2026');

  // November's payroll: a full month.
  await runMonth(page, '2026-11');
  const nov = page.getByTestId('holerite').filter({ hasText: 'João Pereira' });
  await expect(nov.getByTestId('holerite-liquido')).toHaveText('R$ 2.751,39');
  await expect(nov).toContainText('INSS 8,29% sobre R$ 3.000,00');
  await page.getByTestId('fechar-folha').press('Enter');
  await page.getByTestId('confirmar-fechamento').press('Enter');
  await expect(page.getByTestId('folha-status')).toHaveText('Fechada');

  // December: 12 days of salary, the vacation already paid shown on the payslip.
  await runMonth(page, '2026-12');
  const dec = page.getByTestId('holerite').filter({ hasText: 'João Pereira' });
  await expect(dec.getByTestId('holerite-bruto')).toHaveText('R$ 1.200,00');
  await expect(dec).toContainText('18 dias deste mês já pagos');
  await expectNoSeriousA11yIssues(page);
  await page.getByTestId('fechar-folha').press('Enter');
  await page.getByTestId('confirmar-fechamento').press('Enter');
  await expect(page.getByTestId('folha-status')).toHaveText('Fechada');

  await page.goto('/equipe');
  await page.getByTestId('tab-13').click();
  await page.getByTestId('decimo-ano').fill('2026');
  await page.getByTestId('decimo-2').click();
  const second = page.getByTestId('decimo-previa-folha').filter({ hasText: 'João Pereira' });
  await expect(second.getByTestId('folha-liquido')).toHaveText('R$ 1.251,39');
  await expect(second).toContainText('INSS do 13º 8,29% sobre R$ 3.000,00');
  await page.getByTestId('decimo-pagar').click();
  const payables = page.getByTestId('conta-criada');
  await expect(payables.filter({ hasText: '2ª parcela — João Pereira' })).toContainText('R$ 1.251,39');
  await expect(payables.filter({ hasText: 'INSS do 13º salário 2026' })).toContainText('Vence em 18/12/2026');
  await page.screenshot({ path: test.info().outputPath('decimo.png'), fullPage: true });
});
