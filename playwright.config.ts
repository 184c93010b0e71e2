import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { E2E_ADMIN_TOKEN } from './e2e/support/constants.ts';

/**
 * End-to-end specs against real browsers, the built app and the local push service
 * (scripts/e2e-server.ts). Files named *.firefox.spec.ts run only in Firefox (it can subscribe to the
 * local push service), *.chromium.spec.ts only in Chromium, other *.spec.ts in both.
 */

/** A browser installed by the system (CI: apt-get install firefox-esr chromium), if present. */
function systemBrowser(envName: string, defaultPath: string): string | undefined {
  const path = process.env[envName] || defaultPath;
  return existsSync(path) ? path : undefined;
}

const firefoxPath = systemBrowser('FIREFOX_PATH', '/usr/bin/firefox-esr');
const chromiumPath = systemBrowser('CHROMIUM_PATH', '/usr/bin/chromium');

export default defineConfig({
  testDir: 'e2e',
  // Two cores: one browser per worker; Firefox and Chromium specs run side by side.
  workers: 2,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // One line per spec and browser in CI logs; no HTML report.
  reporter: 'list',
  use: {
    headless: true,
    permissions: ['notifications'],
    // Tracing makes every Firefox (BiDi) action about three times slower; run with --trace on to debug.
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'firefox',
      testIgnore: '**/*.chromium.spec.ts',
      use: {
        browserName: 'firefox',
        // Debian's Firefox speaks WebDriver BiDi; `moz-firefox` makes Playwright drive it that way.
        // Without it, Playwright's own Firefox build (npx playwright install firefox) is used.
        ...(firefoxPath && { channel: 'moz-firefox', launchOptions: { executablePath: firefoxPath } }),
      },
    },
    {
      name: 'chromium',
      testIgnore: '**/*.firefox.spec.ts',
      use: {
        browserName: 'chromium',
        ...(chromiumPath && { launchOptions: { executablePath: chromiumPath } }),
      },
    },
  ],
  webServer: {
    command: 'node --import tsx scripts/e2e-server.ts',
    env: { ADMIN_TOKEN: E2E_ADMIN_TOKEN },
    // The URLs and database files, captured into process.env for the specs (see e2e/support/servers.ts).
    wait: {
      stdout:
        /e2e servers ready: push=(?<e2e_push_url>\S+) app=(?<e2e_app_url>\S+) app_db=(?<e2e_app_db>\S+) broadcast=(?<e2e_broadcast_url>\S+) broadcast_db=(?<e2e_broadcast_db>\S+)/,
    },
    reuseExistingServer: false,
    timeout: 120_000,
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
