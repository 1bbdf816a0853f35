import { defineConfig } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The relay serves the release build (dist/) and its sync endpoint, as in production.
const port = Number(process.env.E2E_PORT || 4181);
const root = path.resolve(__dirname, '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'retaguarda-e2e-'));
// Developers working in parallel point these at their own build and relay binary.
export const dist = process.env.E2E_DIST || `${root}/dist`;
const relay = process.env.E2E_RELAY || `${root}/target/server/retaguarda-relay`;
export const chromiumArgs = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    serviceWorkers: 'allow',
    trace: 'off',
  },
  projects: [
    { name: 'phone', use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
    // The journeys are phone journeys (issue: "on a phone viewport"); the laptop checks the shell.
    {
      name: 'laptop',
      use: { viewport: { width: 1280, height: 800 } },
      testIgnore: /(charges|ledger|inventory|staff|conciliacao|sync)\.spec\.ts/,
    },
  ],
  webServer: {
    command: `${relay} --app ${dist} --data ${dataDir} --listen 127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
