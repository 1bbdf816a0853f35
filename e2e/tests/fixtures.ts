import { test as base, expect, BrowserContext, Page } from '@playwright/test';

// Every journey's `test`: a wasm panic is the app crashing under a person's fingers (the
// page goes on, half dead), so every page of every context a test opens is watched, and a
// test during which the app panicked fails with the panic's message, even if what it
// checked still showed.
export const test = base.extend<{ panicWatch: void }>({
  panicWatch: [
    async ({ browser, context }, use) => {
      const seen: string[] = [];
      const watchPage = (page: Page) => {
        page.on('console', (m) => {
          if (m.type() === 'error' && m.text().includes('panicked at')) {
            seen.push(`${page.url()}: ${m.text().split('\n\nStack')[0]}`);
          }
        });
        page.on('pageerror', (e) => {
          if (/unreachable|RuntimeError/.test(e.message)) seen.push(`${page.url()}: ${e.message}`);
        });
      };
      const watch = (ctx: BrowserContext) => {
        ctx.pages().forEach(watchPage);
        ctx.on('page', watchPage);
      };
      watch(context);
      const newContext = browser.newContext;
      browser.newContext = async (...args: Parameters<typeof newContext>) => {
        const ctx = await newContext.apply(browser, args);
        watch(ctx);
        return ctx;
      };
      try {
        await use();
      } finally {
        browser.newContext = newContext;
      }
      expect(seen, 'the app panicked').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
