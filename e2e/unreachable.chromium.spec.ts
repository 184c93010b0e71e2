import { expect, test, uniqueName } from './support/fixtures.ts';
import { signIn } from './support/subscribe-page.ts';

// Chromium here refuses subscribe() with "AbortError: Registration failed - permission denied" although
// notifications are allowed, as Chrome does in an Incognito window (issue 12): the page must explain that
// rather than blame the push service.
test('the page explains a subscription the browser refused while notifications are allowed', async ({
  page,
}) => {
  await signIn(page, uniqueName('offline'));
  await page.getByTestId('enable-push').click();
  const status = page.getByTestId('push-status');
  await expect(status).toHaveAttribute('data-state', 'refused', { timeout: 30_000 });
  await expect(status).toContainText('This browser refused to subscribe');
  await expect(status).toContainText(
    'The browser refused to create a push subscription (AbortError: Registration failed - permission denied). Notifications are allowed, yet the browser would not subscribe. Chrome does this in an Incognito window: open this page in a normal window and enable notifications there.',
  );
  await expect(status).not.toContainText('unreachable');
  // Nothing was stored, and the button stays so the user can try again.
  await expect(page.getByTestId('device')).toHaveCount(0);
  await expect(page.getByTestId('enable-push')).toBeEnabled();
});
