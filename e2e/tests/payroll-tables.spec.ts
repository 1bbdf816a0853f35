import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { openApp } from './pages';

// The section's own axe run: only serious and critical findings fail.
async function expectSectionAccessible(page: import('@playwright/test').Page) {
  const r = await new AxeBuilder({ page }).include('[data-testid=tabelas-folha]').analyze();
  const bad = r.violations.filter(v => ['serious', 'critical'].includes(v.impact!));
  expect(bad.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('payroll tables: the 2026 defaults, a change kept after reload, a bad band refused in pt-BR', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone', 'phone journey');
  await openApp(page, '/configuracoes');
  await expect(page.getByTestId('area-title')).toHaveText('Configurações');
  const section = page.getByTestId('tabelas-folha');
  await expect(section.getByRole('heading', { name: 'Tabelas da folha' })).toBeVisible();

  // 2026 as it ships: INSS 7,5% up to R$ 1.621,00, the open IRRF band at 27,5%, FGTS 8%.
  await page.getByTestId('tabelas-ano').fill('2026');
  await expect(page.getByTestId('tabelas-origem')).toContainText('Valores de 2026 que vêm com o programa');
  await expect(page.getByTestId('inss-ate-1')).toHaveValue('1.621,00');
  await expect(page.getByTestId('inss-aliquota-1')).toHaveValue('7,5');
  await expect(page.getByTestId('inss-ate-4')).toHaveValue('8.475,55');
  await expect(page.getByTestId('inss-aliquota-4')).toHaveValue('14');
  await expect(page.getByTestId('irrf-ate-1')).toHaveValue('2.428,80');
  await expect(page.getByTestId('irrf-aliquota-5')).toHaveValue('27,5');
  await expect(page.getByTestId('irrf-deducao-5')).toHaveValue('908,73');
  await expect(page.getByTestId('irrf-ate-5')).toHaveCount(0);
  await expect(page.getByTestId('deducao-dependente')).toHaveValue('189,59');
  await expect(page.getByTestId('desconto-simplificado')).toHaveValue('607,20');
  await expect(page.getByTestId('reducao-ativa')).toBeChecked();
  await expect(page.getByTestId('reducao-total-ate')).toHaveValue('5.000,00');
  await expect(page.getByTestId('reducao-parcial-fator')).toHaveValue('0,133145');
  await expect(page.getByTestId('fgts')).toHaveValue('8');
  await expect(section.getByLabel('Ano das tabelas')).toBeVisible();
  await expect(section.getByLabel('FGTS depositado pelo empregador (% do salário)')).toBeVisible();
  await expectSectionAccessible(page);
  await page.screenshot({ path: info.outputPath('tabelas-da-folha.png'), fullPage: true });

  // A change is saved by core and is still there after a reload.
  await page.getByTestId('deducao-dependente').fill('200,00');
  await page.getByTestId('inss-aliquota-1').fill('7,6');
  await page.getByTestId('salvar-tabelas').click();
  await expect(page.getByTestId('tabelas-ok')).toContainText('Tabelas da folha de 2026 salvas.');
  await page.reload();
  await page.getByTestId('tabelas-ano').fill('2026');
  await expect(page.getByTestId('tabelas-origem')).toContainText('Tabelas de 2026 gravadas');
  await expect(page.getByTestId('deducao-dependente')).toHaveValue('200,00');
  await expect(page.getByTestId('inss-aliquota-1')).toHaveValue('7,6');
  await expect(page.getByTestId('inss-ate-1')).toHaveValue('1.621,00');

  // A band above the next one is refused with core's message, and the typing stays.
  await page.getByTestId('inss-ate-1').fill('3.000,00');
  await page.getByTestId('salvar-tabelas').click();
  const error = page.getByTestId('tabelas-erro');
  await expect(error).toHaveText(
    'As tabelas de INSS e IRRF de 2026 estão inconsistentes: os limites das faixas do INSS precisam ser positivos e crescentes.',
  );
  await expect(page.getByTestId('inss-ate-1')).toHaveValue('3.000,00');
  await expect(page.getByTestId('deducao-dependente')).toHaveValue('200,00');
  await expectSectionAccessible(page);
  await page.screenshot({ path: info.outputPath('tabelas-da-folha-erro.png') });

  // A figure that is not a number is named by the field it came from.
  await page.getByTestId('fgts').fill('oito');
  await page.getByTestId('salvar-tabelas').click();
  await expect(error).toContainText('FGTS: Número inválido');

  // A year with no tables starts from the nearest known year's figures.
  await page.getByTestId('tabelas-ano').fill('2027');
  await expect(page.getByTestId('tabelas-origem')).toContainText('Ainda não há tabelas de 2027. Os valores abaixo são os de 2026');
  await expect(page.getByTestId('deducao-dependente')).toHaveValue('200,00');

  // The refused change was never written: 2026 still has the saved limit.
  await page.getByTestId('tabelas-ano').fill('2026');
  await expect(page.getByTestId('inss-ate-1')).toHaveValue('1.621,00');
});
