import { test, expect } from './fixtures';
import { AREAS, openApp, openArea } from './pages';

const area = (label: string) => AREAS.find((a) => a.label === label)!;

test('leaving a form with typed values asks first, and staying keeps them', async ({ page }) => {
  await openApp(page);
  await openArea(page, area('Clientes'));
  await page.getByTestId('new-party').click();
  const form = page.getByTestId('party-form');
  await form.getByLabel('Nome', { exact: true }).fill('João da Silva');

  // The page would ask before a reload or closing the tab.
  const unloadRefused = await page.evaluate(() => {
    const e = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(e);
    return e.defaultPrevented;
  });
  expect(unloadRefused).toBe(true);

  // Refusing to leave keeps the form and what was typed.
  const questions: string[] = [];
  page.once('dialog', (d) => { questions.push(d.message()); void d.dismiss(); });
  await openArea(page, area('Início'));
  await expect.poll(() => questions.length).toBe(1);
  expect(questions[0]).toContain('não foram salvos');
  await expect(form.getByLabel('Nome', { exact: true })).toHaveValue('João da Silva');
  await expect(page).toHaveURL(/\/clientes/);

  // Saying yes leaves.
  page.once('dialog', (d) => { questions.push(d.message()); void d.accept(); });
  await openArea(page, area('Início'));
  await expect(page.getByTestId('area-title')).toHaveText('Início');
  expect(questions.length).toBe(2);

  // A screen without typed values is left without a question.
  await openArea(page, area('Clientes'));
  await page.getByTestId('new-party').click();
  await openArea(page, area('Início'));
  await expect(page.getByTestId('area-title')).toHaveText('Início');
  expect(questions.length).toBe(2);
  const unloadAllowed = await page.evaluate(() => {
    const e = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(e);
    return !e.defaultPrevented;
  });
  expect(unloadAllowed).toBe(true);
});
