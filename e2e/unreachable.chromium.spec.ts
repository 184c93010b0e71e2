import { expect, test, uniqueName } from './support/fixtures.ts';
import { signIn } from './support/subscribe-page.ts';

// Chromium subscribes only through Google's push service, which it cannot reach here: the page must say so.
test('the page shows "push service unreachable" when subscribing fails', async ({ page }) => {
  await signIn(page, uniqueName('offline'));
  await page.getByTestId('enable-push').click();
  const status = page.getByTestId('push-status');
  await expect(status).toHaveAttribute('data-state', 'unreachable', { timeout: 30_000 });
  await expect(status).toContainText('Push service unreachable');
  await expect(status).toContainText('The browser could not register with its push service');
  // Nothing was stored, and the button stays so the user can try again.
  await expect(page.getByTestId('device')).toHaveCount(0);
  await expect(page.getByTestId('enable-push')).toBeEnabled();
});
