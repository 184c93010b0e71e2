import type { Page } from '@playwright/test';
import { adminUser } from './support/admin-api.ts';
import { resultRowOf, sendToUser } from './support/admin-page.ts';
import { subscriptionsOfUser } from './support/database.ts';
import { expect, test, uniqueName } from './support/fixtures.ts';
import { pushesTo } from './support/push-control.ts';
import type { E2eServers } from './support/servers.ts';
import {
  browserEndpoint,
  enablePush,
  expectReceived,
  notificationWithTag,
  signIn,
} from './support/subscribe-page.ts';

/**
 * The whole path in a real Firefox: the page subscribes through the local push service, the server stores
 * the subscription for the signed-in user, the admin page sends, Firefox decrypts, the service worker shows
 * the notification and tells the page.
 */
async function subscribeThenReceiveFromAdmin(
  page: Page,
  admin: Page,
  servers: E2eServers,
  expectedEncoding: 'aes128gcm' | 'aesgcm',
) {
  const name = uniqueName('ada');
  await signIn(page, name);
  await enablePush(page);
  await expect(page.getByTestId('this-browser')).toBeVisible();

  const endpoint = await browserEndpoint(page);
  expect(endpoint.startsWith(`${servers.pushUrl}/wpush/`)).toBe(true);
  expect(subscriptionsOfUser(servers.app.db, name)).toEqual([
    { endpoint, contentEncoding: expectedEncoding, userName: name },
  ]);

  const message = await sendToUser(admin, name, {
    title: `Hello ${name}`,
    body: `Sent with ${expectedEncoding} from the admin page`,
    url: '/admin/',
  });
  const row = resultRowOf(admin, name);
  await expect(row).toHaveAttribute('data-outcome', 'accepted');
  await expect(row.getByTestId('result-status')).toHaveText('201');
  await expect(admin.getByTestId('send-summary')).toHaveText('1 accepted, 0 expired, 0 failed');

  await expectReceived(page, message);
  expect(await notificationWithTag(page, `message-${message.id}`)).toEqual({
    title: message.title,
    body: message.body,
    tag: `message-${message.id}`,
    url: '/admin/',
  });

  // The push service saw the encoding the server chose, and Firefox acknowledged a successful decryption.
  const pushes = await pushesTo(servers.pushUrl, endpoint);
  expect(pushes).toHaveLength(1);
  expect(pushes[0]?.headers['content-encoding']).toBe(expectedEncoding);
  await expect.poll(async () => (await pushesTo(servers.pushUrl, endpoint))[0]?.ackCode).toBe(100);
  return { name, endpoint };
}

test('subscribe, stored for the user, admin sends, Firefox decrypts aes128gcm and shows it', async ({
  page,
  adminPage,
  servers,
  request,
}) => {
  const { name } = await subscribeThenReceiveFromAdmin(page, adminPage, servers, 'aes128gcm');
  // The admin API (Bearer token) lists the device under the user, with the push service's origin.
  const user = await adminUser(request, servers.app.url, name);
  expect(user?.devices.map((device) => [device.pushService, device.contentEncoding])).toEqual([
    [servers.pushUrl, 'aes128gcm'],
  ]);
  expect(user?.devices[0]?.lastSuccessAt).not.toBeNull();
});

test('a browser that lists only aesgcm gets aesgcm pushes, and Firefox decrypts them', async ({
  page,
  adminPage,
  servers,
}) => {
  // The page posts PushManager.supportedContentEncodings; make this Firefox report only the legacy one.
  await page.addInitScript(() => {
    Object.defineProperty(PushManager, 'supportedContentEncodings', {
      configurable: true,
      get: () => Object.freeze(['aesgcm']),
    });
  });
  await subscribeThenReceiveFromAdmin(page, adminPage, servers, 'aesgcm');
});
