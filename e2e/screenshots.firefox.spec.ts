import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { adminLogin, sendToEveryone } from './support/admin-page.ts';
import { E2E_ADMIN_TOKEN } from './support/constants.ts';
import { expect, test } from './support/fixtures.ts';
import { enablePush, signIn } from './support/subscribe-page.ts';

/**
 * The README's screenshots: the subscribe and admin pages, light and dark, 375 and 1280 px wide, written to
 * docs/{subscribe,admin}-{light,dark}-{375,1280}.png, and the iPhone guidance as docs/subscribe-iphone-375.png. Not part of `npm test` (it would rewrite committed
 * files); run it alone, on fresh servers:
 *   SCREENSHOTS=1 npx playwright test e2e/screenshots.firefox.spec.ts
 * Firefox, because it subscribes to the local push service; one Firefox per theme, since Playwright's
 * colour-scheme emulation does not reach Firefox over WebDriver BiDi but this pref does.
 */
const DOCS = join(import.meta.dirname, '..', 'docs');
const THEMES = { light: 1, dark: 0 } as const; // layout.css.prefers-color-scheme.content-override
const WIDTHS = [375, 1280] as const;
type Theme = keyof typeof THEMES;
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

test.skip(!process.env.SCREENSHOTS, 'writes docs/*.png: run with SCREENSHOTS=1');
test.setTimeout(240_000);

test('screenshots of the subscribe and admin pages', async ({
  playwright,
  launchOptions,
  baseURL,
  request,
}) => {
  const channel = test.info().project.use.channel;
  const launch = (theme: Theme) =>
    playwright.firefox.launch({
      ...launchOptions,
      ...(channel && { channel }),
      firefoxUserPrefs: {
        ...launchOptions.firefoxUserPrefs,
        'layout.css.prefers-color-scheme.content-override': THEMES[theme],
        // Scrollbars over the page, as on a phone, so 375 px of viewport are 375 px of layout.
        'ui.useOverlayScrollbars': 1,
      },
    });
  const browsers: Record<Theme, Browser> = { light: await launch('light'), dark: await launch('dark') };
  try {
    // One user with this Firefox in each theme as devices, two more without any.
    const subscribePages = {} as Record<Theme, Page>;
    for (const theme of Object.keys(THEMES) as Theme[]) {
      const context = await browsers[theme].newContext({ baseURL, viewport: { width: 1280, height: 800 } });
      await context.grantPermissions(['notifications']);
      subscribePages[theme] = await context.newPage();
      await signIn(subscribePages[theme], 'Ada Lovelace');
      await enablePush(subscribePages[theme]);
    }
    for (const name of ['Grace Hopper', 'Katherine Johnson'])
      expect((await request.post('/api/session', { data: { name } })).status()).toBe(200);

    // An earlier message through the API, then one from the compose form, so the chart has two bars.
    const earlier = await request.post('/api/admin/messages', {
      headers: { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
      data: { title: 'Welcome aboard', body: 'You will hear from us here.', target: { type: 'all' } },
    });
    expect(earlier.status()).toBe(202);
    const adminPages = {} as Record<Theme, Page>;
    for (const theme of Object.keys(THEMES) as Theme[]) {
      const context = await browsers[theme].newContext({ baseURL, viewport: { width: 1280, height: 800 } });
      adminPages[theme] = await context.newPage();
      await adminLogin(adminPages[theme], baseURL);
    }
    const sent = await sendToEveryone(adminPages.light, {
      title: 'Release 1.2 is out',
      body: 'Dark mode, faster sync and fewer notifications.',
      url: '/',
    });
    for (const page of Object.values(subscribePages))
      await expect(page.getByTestId('received-item')).toHaveCount(2);

    for (const theme of Object.keys(THEMES) as Theme[]) {
      const admin = adminPages[theme];
      await admin.reload();
      const row = admin.locator(`[data-testid="history-row"][data-message-id="${sent.id}"]`);
      await row.click();
      await expect(admin.getByTestId('send-panel')).toHaveAttribute('data-status', 'done');
      // A draft in the compose form, so its preview shows something.
      await admin.getByTestId('compose-title').fill('Maintenance tonight');
      await admin.getByTestId('compose-body').fill('Sync pauses from 22:00 to 22:30 UTC.');
      for (const width of WIDTHS) {
        await shoot(subscribePages[theme], `subscribe-${theme}-${width}.png`, width);
        await shoot(admin, `admin-${theme}-${width}.png`, width);
      }
    }

    // An iPhone in a Safari tab: the Home Screen steps instead of the button (light theme).
    const iphone = await browsers.light.newContext({ baseURL, userAgent: IPHONE_SAFARI });
    const iphonePage = await iphone.newPage();
    await iphonePage.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'standalone', { get: () => false, configurable: true }),
    );
    await signIn(iphonePage, 'Grace Hopper');
    await expect(iphonePage.getByTestId('home-screen-steps')).toBeVisible();
    await shoot(iphonePage, 'subscribe-iphone-375.png', 375);
  } finally {
    // Closing a Firefox context drops the origin's push subscriptions in the others: close whole browsers.
    await Promise.all(Object.values(browsers).map((browser) => browser.close()));
  }
});

async function shoot(page: Page, file: string, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 800 });
  // Let the chart redraw at its new width (a ResizeObserver) and the fonts settle.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  mkdirSync(DOCS, { recursive: true });
  await page.screenshot({ path: join(DOCS, file), fullPage: true });
}
