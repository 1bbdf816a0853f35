// What the browser benchmarks share: their arguments, a fresh Chromium profile, restoring a
// backup through the welcome screen, and timing renames of the business in Configurações.
import { chromium } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The `--name value` arguments, by name. */
export function parseArgs() {
  return Object.fromEntries(
    process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
  );
}

/**
 * A phone-sized Chromium with a new empty profile; `close()` also removes the profile.
 * `options` go to Playwright's context (`serviceWorkers: 'block'`, say).
 */
export async function launch(url, options = {}) {
  const flags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'retaguarda-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', args: flags, viewport: { width: 390, height: 844 }, baseURL: url,
    ...options,
  });
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

/** Restores `backup` through the welcome screen, as a person would, and waits for the app. */
export async function restore(page, backup) {
  await page.goto('/');
  await page.getByLabel('Restaurar um backup (.retaguarda)').setInputFiles(backup);
  await page.getByTestId('restore-preview').getByRole('button', { name: 'Restaurar backup' }).click();
  await page.getByTestId('area-title').waitFor();
}

/**
 * Renames the business `n` times in Configurações' profile form, timing each inside the page
 * from the click to the new name in the header, which changes only after the core committed
 * the change, IndexedDB stored it and the screens re-rendered.
 */
export async function renames(page, n, prefix) {
  return page.evaluate(async ([n, prefix]) => {
    const form = document.querySelector('[data-testid=profile-form]');
    const label = [...form.querySelectorAll('label')].find((l) => l.textContent.trim().startsWith('Nome do negócio'));
    const input = label.control;
    const button = [...form.querySelectorAll('button')].find((b) => b.textContent.includes('Salvar empresa'));
    const header = () => document.querySelector('[data-testid=business-name]')?.textContent ?? '';
    const times = [];
    for (let i = 0; i < n; i++) {
      const name = `${prefix} ${i}`;
      input.value = name;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const start = performance.now();
      button.click();
      // A mutation observer sees the new text as soon as the DOM has it (no frame delay).
      await new Promise((done) => {
        const observer = new MutationObserver(() => {
          if (header() === name) { observer.disconnect(); done(); }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      times.push(performance.now() - start);
      await new Promise((r) => setTimeout(r, 20));
    }
    return times;
  }, [n, prefix]);
}
