import { adminUser } from './support/admin-api.ts';
import { adminLogin } from './support/admin-page.ts';
import { E2E_ADMIN_TOKEN } from './support/constants.ts';
import { expect, test, uniqueName } from './support/fixtures.ts';
import { enablePush, signIn } from './support/subscribe-page.ts';

// Issue 12: the subscribe page follows what happens to this browser's device without a reload
// (web/subscribe/live-refresh.ts), and the admin page names the device's browser and OS.

test('"last push accepted" updates when a push arrives, and a device removed elsewhere leaves the page', async ({
  page,
  browser,
  baseURL,
  request,
}) => {
  const name = uniqueName('live');
  await signIn(page, name);
  await enablePush(page);
  const device = page.getByTestId('device');
  await expect(device).toHaveCount(1);
  await expect(device.getByTestId('device-last-delivery')).toHaveText('last push accepted never');

  // The admin sends through the API: nothing happens on this page but the push arriving.
  const user = await adminUser(request, baseURL!, name);
  const sent = await request.post('/api/admin/messages', {
    headers: { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
    data: { title: 'Live', body: 'no reload needed', target: { type: 'users', userIds: [user!.id] } },
  });
  expect(sent.status()).toBe(202);
  // The push reaches this page (the worker tells it), whatever format the server sends it in.
  await expect(page.getByTestId('received-item')).toHaveCount(1);
  await expect(device.getByTestId('device-last-delivery')).not.toHaveText('last push accepted never');
  await expect(device.getByTestId('device-last-delivery')).toHaveText(/^last push accepted \S/);

  // The admin page lists the device by browser and OS, as the subscribe page does.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await adminLogin(admin, baseURL);
  const row = admin.locator(`[data-testid="user-row"][data-user-name="${name}"]`);
  await expect(row.getByTestId('admin-device-client')).toHaveText('Firefox on Linux');
  // The history chart has a value axis from 0 and a time axis (other specs' messages may share it).
  const valueTicks = admin.getByTestId('history-chart').getByTestId('chart-value-tick');
  await expect(valueTicks.first()).toHaveText('0');
  expect(await valueTicks.count()).toBeGreaterThanOrEqual(2);
  await expect(admin.getByTestId('chart-time-tick').first()).toHaveText(/\d{1,2}:\d{2}/);
  await expect(device.locator('.device-title')).toContainText('Firefox on Linux');

  // The same user on another device removes this browser's entry there.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, name);
  await expect(other.getByTestId('device')).toHaveCount(1);
  await other.getByTestId('device-remove').click();
  await expect(other.getByTestId('device')).toHaveCount(0);

  // Coming back to this page (focus) shows it: no device, notifications off, and unsubscribed here too.
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(device).toHaveCount(0);
  const status = page.getByTestId('push-status');
  await expect(status).toHaveAttribute('data-state', 'not-subscribed');
  await expect(status).toContainText('This browser was removed from your account');
  await expect(page.getByTestId('enable-push')).toBeEnabled();
  expect(
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration('/');
      return (await registration?.pushManager.getSubscription()) ?? null;
    }),
  ).toBeNull();
  // Closed only now: closing a Firefox context (a BiDi user context) drops the push subscriptions of the
  // origin in the others too, and the worker's pushsubscriptionchange would subscribe this browser again.
  await adminContext.close();
  await otherContext.close();
});
