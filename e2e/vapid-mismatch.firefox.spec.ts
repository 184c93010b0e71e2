import { createECDH } from 'node:crypto';
import { resultRowOf, sendToUser } from './support/admin-page.ts';
import { expect, test, uniqueName } from './support/fixtures.ts';
import { requestsTo } from './support/push-control.ts';
import { browserEndpoint, enablePush, signIn } from './support/subscribe-page.ts';

test('the push service refuses a push signed with another VAPID key, and the admin page says why', async ({
  page,
  adminPage: admin,
  servers,
}) => {
  // The page subscribes with a key that is not the server's, as after the server's keys were replaced.
  const otherKey = createECDH('prime256v1');
  otherKey.generateKeys();
  await page.route('**/api/vapid-public-key', (route) =>
    route.fulfill({ json: { publicKey: otherKey.getPublicKey('base64url') } }),
  );
  const name = uniqueName('mallory');
  await signIn(page, name);
  await enablePush(page);
  const endpoint = await browserEndpoint(page);

  await sendToUser(admin, name, {
    title: 'Signed with the wrong key',
    body: 'The push service refuses this',
  });
  const row = resultRowOf(admin, name);
  await expect(row).toHaveAttribute('data-outcome', 'failed');
  await expect(row.getByTestId('result-status')).toHaveText('403');
  await expect(row.getByTestId('result-reason')).toContainText(
    'VAPID public key does not match the applicationServerKey this subscription was created with',
  );
  await expect(admin.getByTestId('send-summary')).toHaveText('0 accepted, 0 expired, 1 failed');
  expect((await requestsTo(servers.pushUrl, endpoint)).map((r) => r.status)).toEqual([403]);
});
