import type { Page } from '@playwright/test';
import { expect, test, uniqueName } from './support/fixtures.ts';
import { signIn } from './support/subscribe-page.ts';

// Issue 12: on iPhone and iPad, Web Push works only in a web app opened from the Home Screen. The page reads
// navigator.standalone, the display mode and the user agent (web/lib/install-guidance.ts); these pretend
// to be Safari on an iPhone or an iPad, in a tab and in the installed app.

const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
// iPadOS asks for desktop pages and then says "Macintosh"; only its touch points give it away.
const IPAD_AS_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

/** Gives the page Safari's navigator.standalone (and, for the iPad, five touch points) before any script. */
async function pretendSafari(
  page: Page,
  options: { standalone: boolean; touchPoints?: number },
): Promise<void> {
  await page.addInitScript(({ standalone, touchPoints }) => {
    Object.defineProperty(Navigator.prototype, 'standalone', { get: () => standalone, configurable: true });
    if (touchPoints !== undefined)
      Object.defineProperty(Navigator.prototype, 'maxTouchPoints', {
        get: () => touchPoints,
        configurable: true,
      });
  }, options);
}

test.describe('an iPhone', () => {
  test.use({ userAgent: IPHONE_SAFARI, viewport: { width: 390, height: 844 } });

  test('in a Safari tab sees the Home Screen steps instead of the enable button', async ({ page }) => {
    await pretendSafari(page, { standalone: false });
    await signIn(page, uniqueName('iphone-tab'));
    const status = page.getByTestId('push-status');
    await expect(status).toHaveAttribute('data-state', 'home-screen');
    await expect(status).toContainText('Add this site to your Home Screen first');
    await expect(status).toContainText(
      'On iPhone and iPad, notifications work only in a web app opened from the Home Screen.',
    );
    const steps = page.getByTestId('home-screen-steps');
    await expect(steps).toBeVisible();
    await expect(steps).toContainText('To get notifications on this iPhone:');
    await expect(steps.locator('li')).toHaveText([
      "Tap Share in Safari's toolbar (other browsers on iOS have it in their menu), then Add to Home Screen.",
      'Open Web Push from your Home Screen and tap Enable notifications there.',
    ]);
    await expect(page.getByTestId('enable-push')).toBeHidden();
    await expect(page.getByTestId('disable-push')).toBeHidden();
    // Nothing asked the browser for a subscription.
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistration('/'))).toBeUndefined();
  });

  test('in the Home Screen app gets the normal "Enable notifications" flow', async ({ page }) => {
    await pretendSafari(page, { standalone: true });
    await signIn(page, uniqueName('iphone-app'));
    await expect(page.getByTestId('push-status')).toHaveAttribute('data-state', 'not-subscribed');
    await expect(page.getByTestId('enable-push')).toBeVisible();
    await expect(page.getByTestId('enable-push')).toBeEnabled();
    await expect(page.getByTestId('home-screen-steps')).toBeHidden();
  });
});

test.describe('an iPad that reports itself as a Mac', () => {
  test.use({ userAgent: IPAD_AS_MAC });

  test('is told apart from a Mac by its touch points', async ({ page }) => {
    await pretendSafari(page, { standalone: false, touchPoints: 5 });
    await signIn(page, uniqueName('ipad-tab'));
    await expect(page.getByTestId('push-status')).toHaveAttribute('data-state', 'home-screen');
    await expect(page.getByTestId('home-screen-steps')).toContainText('To get notifications on this iPad:');
    await expect(page.getByTestId('enable-push')).toBeHidden();
  });

  test('a Mac (no touch points) with the same user agent gets the normal flow', async ({ page }) => {
    await pretendSafari(page, { standalone: false, touchPoints: 0 });
    await signIn(page, uniqueName('mac'));
    await expect(page.getByTestId('push-status')).toHaveAttribute('data-state', 'not-subscribed');
    await expect(page.getByTestId('enable-push')).toBeEnabled();
    await expect(page.getByTestId('home-screen-steps')).toBeHidden();
  });
});
