import { chromium } from '@playwright/test';
import { test, expect } from './fixtures';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromiumArgs } from '../playwright.config';
import { openApp } from './pages';

// Installability is only reported outside incognito, so this uses a persistent profile.
test('Chromium reports no installability errors and the icons load', async ({ baseURL }, info) => {
  test.skip(info.project.name !== 'laptop', 'installability is a property of the build; checked once');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'retaguarda-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', args: chromiumArgs, baseURL,
  });
  try {
    const page = await context.newPage();
    await openApp(page);
    await expect(page.getByTestId('area-title')).toHaveText('Início');
    await page.waitForFunction(async () => !!(await navigator.serviceWorker.ready).active);
    const cdp = await context.newCDPSession(page);
    let errors: unknown[] = [];
    for (let i = 0; i < 20; i++) {
      errors = (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors;
      if (errors.length === 0) break;
      await page.waitForTimeout(250);
    }
    expect(errors).toEqual([]);
    const manifest = await (await page.request.get('/manifest.webmanifest')).json();
    expect(manifest.display).toBe('standalone');
    const purposes = manifest.icons.map((i: { purpose: string }) => i.purpose);
    expect(purposes).toContain('maskable');
    for (const icon of manifest.icons) {
      const res = await page.request.get(icon.src);
      expect(res.status(), icon.src).toBe(200);
      expect(res.headers()['content-type']).toContain('image/png');
      const size = await page.evaluate(async (src) => {
        const img = new Image(); img.src = src; await img.decode(); return `${img.naturalWidth}x${img.naturalHeight}`;
      }, icon.src);
      expect(size).toBe(icon.sizes);
    }
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
