import { adminUser } from './support/admin-api.ts';
import { clickInWorker, deliverPush } from './support/chromium-worker.ts';
import { fakeDevice } from './support/fake-device.ts';
import { expect, test, uniqueName } from './support/fixtures.ts';
import { postMessage, receiptTokenOf, storedReceipts } from './support/receipts.ts';

/**
 * Chromium cannot subscribe offline, so the push comes from a device stand-in on the local push service (its
 * payload decrypted there, exactly as the server built it for that delivery) and is handed to Chromium's
 * worker through DevTools; the click runs the worker's own notificationclick handler (support/chromium-worker).
 */
test('a click in the worker is recorded with its action, once; replays and wrong tokens change nothing', async ({
  page,
  request,
  servers,
}) => {
  const name = uniqueName('click');
  const { app } = servers;
  const first = await fakeDevice(app.url, servers.pushWsUrl, name);
  const second = await fakeDevice(app.url, servers.pushWsUrl, name);
  const user = (await adminUser(request, app.url, name))!;
  const { json } = await postMessage(request, app.url, {
    title: `Receipts for ${name}`,
    body: 'Click the first action',
    url: '/?from=push',
    actions: [
      { title: 'Open admin', url: '/admin/' },
      { title: 'Elsewhere', url: 'https://example.com/' },
    ],
    target: { type: 'users', userIds: [user.id] },
  });
  const messageId = json.message!.id;
  const [{ text }, { text: otherText }] = await Promise.all([first.nextPush(), second.nextPush()]);
  const token = receiptTokenOf(text)!;
  const otherToken = receiptTokenOf(otherText)!;
  expect(token).toMatch(/^\d+\.[0-9a-z]+\.[\w-]{22}$/);
  expect(otherToken).not.toBe(token);
  const [deliveryId, otherId] = [token, otherToken].map((t) => Number(t.split('.')[0]));

  await page.goto('/');
  const worker = await deliverPush(page, text);
  // The worker reports `shown` once the notification is up.
  await expect.poll(() => storedReceipts(app.db, messageId).counts.shown).toBe(1);

  const opened = await clickInWorker(worker, `message-${messageId}`, 'action-1');
  // The worker reports the click itself, so the window opens on the link as written, without the token.
  expect(opened).toEqual([`${app.url}/admin/`]);
  await expect.poll(() => storedReceipts(app.db, messageId).counts.clicked).toBe(1);

  const recorded = storedReceipts(app.db, messageId);
  const mine = recorded.deliveries.find((row) => row.id === deliveryId)!;
  expect(mine).toMatchObject({ outcome: 'delivered', clickedAction: 'action-1', closedAt: null });
  expect(mine.shownAt).toBeGreaterThan(0);
  expect(mine.clickedAt).toBeGreaterThanOrEqual(mine.shownAt!);
  expect(recorded.deliveries.find((row) => row.id === otherId)).toMatchObject({
    shownAt: null,
    clickedAt: null,
    clickedAction: null,
  });
  expect(recorded.counts).toMatchObject({ total: 2, delivered: 2, shown: 1, clicked: 1, closed: 0 });

  // A replay (another action this time), a forged MAC, this MAC on the other delivery, a token from nowhere:
  // each answered 204 with no body, none changes a stored row.
  const [id, expires, mac] = token.split('.');
  const forgedMac = `${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'BA' : 'AA'}`;
  const attempts = [
    { token, kind: 'clicked', action: 'action-2' },
    { token, kind: 'shown' },
    { token: `${id}.${expires}.${forgedMac}`, kind: 'closed' },
    { token: `${otherId}.${expires}.${mac}`, kind: 'clicked' },
    { token: `${otherId}.zzzzzz.${mac}`, kind: 'shown' },
    { token: 'not-a-token', kind: 'shown' },
  ];
  for (const data of attempts) {
    const response = await request.post(`${app.url}/api/receipts`, { data });
    expect(response.status(), JSON.stringify(data)).toBe(204);
    expect(await response.text()).toBe('');
  }
  expect(storedReceipts(app.db, messageId)).toEqual(recorded);

  await Promise.all([first.close(), second.close()]);
});

test('a notification dismissed in the worker is recorded closed (and so shown), once', async ({
  page,
  request,
  servers,
}) => {
  const name = uniqueName('close');
  const { app } = servers;
  const device = await fakeDevice(app.url, servers.pushWsUrl, name);
  const user = (await adminUser(request, app.url, name))!;
  const { json } = await postMessage(request, app.url, {
    title: `Dismiss me, ${name}`,
    body: 'Closed without a click',
    target: { type: 'users', userIds: [user.id] },
  });
  const messageId = json.message!.id;
  const { text } = await device.nextPush();
  await page.goto('/');
  const worker = await deliverPush(page, text);
  await expect.poll(() => storedReceipts(app.db, messageId).counts.shown).toBe(1);
  // No automation can dismiss a notification: the worker's own notificationclose listener runs on it instead.
  const dismiss = () =>
    worker.evaluate(async (tag) => {
      const scope = self as unknown as ServiceWorkerGlobalScope;
      const [notification] = await scope.registration.getNotifications({ tag });
      if (!notification) throw new Error(`no notification tagged ${tag}`);
      scope.dispatchEvent(new NotificationEvent('notificationclose', { notification }));
    }, `message-${messageId}`);
  await dismiss();
  await expect.poll(() => storedReceipts(app.db, messageId).counts.closed).toBe(1);
  const recorded = storedReceipts(app.db, messageId);
  expect(recorded.deliveries[0]!.closedAt).toBeGreaterThanOrEqual(recorded.deliveries[0]!.shownAt!);
  expect(recorded.counts).toMatchObject({ shown: 1, clicked: 0, closed: 1 });
  await dismiss();
  await page.waitForTimeout(500);
  expect(storedReceipts(app.db, messageId)).toEqual(recorded);
  await device.close();
});

test('a page opened from a link carrying the token (Safari, no worker) records the click and cleans its address', async ({
  page,
  request,
  servers,
}) => {
  const name = uniqueName('link');
  const { app } = servers;
  const device = await fakeDevice(app.url, servers.pushWsUrl, name);
  const user = (await adminUser(request, app.url, name))!;
  const { json } = await postMessage(request, app.url, {
    title: `Linked for ${name}`,
    body: 'Opened by Safari',
    url: '/?from=push',
    actions: [{ title: 'Open', url: '/?from=action' }],
    target: { type: 'users', userIds: [user.id] },
  });
  const messageId = json.message!.id;
  const payload = JSON.parse((await device.nextPush()).text) as {
    notification: { actions: { navigate: string }[] };
  };
  // The action's link, as Safari opens it: the token and the action id ride in its query.
  const link = payload.notification.actions[0]!.navigate;
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?from=action&receipt=[^&]+&receipt_action=action-1$/);
  await page.goto(link);
  await expect.poll(() => storedReceipts(app.db, messageId).counts.clicked).toBe(1);
  expect(page.url()).toBe(`${app.url}/?from=action`);
  expect(storedReceipts(app.db, messageId).deliveries[0]).toMatchObject({ clickedAction: 'action-1' });
  // Shown is implied by the click (Safari showed it without the worker).
  expect(storedReceipts(app.db, messageId).counts).toMatchObject({ shown: 1, clicked: 1 });
  await device.close();
});
