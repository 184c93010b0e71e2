import { randomUUID } from 'node:crypto';
import { test as base, type Page } from '@playwright/test';
import { firefoxPushPrefs } from '../../push-service/firefox-prefs.ts';
import { adminLogin } from './admin-page.ts';
import { e2eServers, type E2eServers } from './servers.ts';

export { expect } from '@playwright/test';

/**
 * The specs' `test`: pages open on the e2e app, and Firefox is pointed at the local push service.
 * Both are read at run time because the servers' ports are known only once the webServer is up.
 */
export const test = base.extend<{ servers: E2eServers }, { adminPage: Page }>({
  launchOptions: [
    async ({ launchOptions, browserName }, use) => {
      if (browserName !== 'firefox') return use(launchOptions);
      await use({
        ...launchOptions,
        firefoxUserPrefs: { ...launchOptions.firefoxUserPrefs, ...firefoxPushPrefs(e2eServers().pushWsUrl) },
      });
    },
    { scope: 'worker' },
  ],
  baseURL: async ({}, use) => use(e2eServers().app.url),
  servers: async ({}, use) => use(e2eServers()),
  /** The app's admin page, logged in once per worker (in its own browser context) and reused by its specs. */
  adminPage: [
    async ({ browser }, use) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await adminLogin(page, e2eServers().app.url);
      await use(page);
      await context.close();
    },
    { scope: 'worker' },
  ],
});

/** A user name no other spec (or browser project) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
