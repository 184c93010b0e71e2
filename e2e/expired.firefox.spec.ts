import { adminUser } from './support/admin-api.ts';
import { resultRowOf, sendToUser } from './support/admin-page.ts';
import { subscriptionsWithEndpoint } from './support/database.ts';
import { expect, test, uniqueName } from './support/fixtures.ts';
import { channelOf, requestsTo } from './support/push-control.ts';
import { browserEndpoint, enablePush, signIn, unsubscribeInBrowserOnly } from './support/subscribe-page.ts';

test('a subscription the browser dropped is reported expired by the admin send and pruned', async ({
  page,
  adminPage: admin,
  servers,
  request,
}) => {
  const name = uniqueName('linus');
  await signIn(page, name);
  await enablePush(page);
  const endpoint = await browserEndpoint(page);

  // Browser side only: Firefox unregisters the channel with the push service; the server is not told.
  await unsubscribeInBrowserOnly(page);
  await expect.poll(async () => (await channelOf(servers.pushUrl, endpoint))?.active ?? false).toBe(false);
  expect(subscriptionsWithEndpoint(servers.app.db, endpoint)).toHaveLength(1);

  await sendToUser(admin, name, { title: 'Anyone there?', body: 'This browser unsubscribed' });
  const row = resultRowOf(admin, name);
  await expect(row).toHaveAttribute('data-outcome', 'expired');
  await expect(row.getByTestId('result-outcome')).toHaveText('expired');
  await expect(row.getByTestId('result-status')).toHaveText('410');
  await expect(admin.getByTestId('send-summary')).toHaveText('0 accepted, 1 expired, 0 failed');
  expect((await requestsTo(servers.pushUrl, endpoint)).map((r) => r.status)).toEqual([410]);

  // Pruned: gone from the database, and the admin API lists the user without devices.
  expect(subscriptionsWithEndpoint(servers.app.db, endpoint)).toEqual([]);
  expect((await adminUser(request, servers.app.url, name))?.devices).toEqual([]);
});
