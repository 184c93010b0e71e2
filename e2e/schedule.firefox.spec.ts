import { adminLogin } from './support/admin-page.ts';
import { adminUser } from './support/admin-api.ts';
import { E2E_ADMIN_TOKEN } from './support/constants.ts';
import { fakeDevice } from './support/fake-device.ts';
import { expect, test, uniqueName } from './support/fixtures.ts';
import { ownApp } from './support/own-app.ts';
import { messageById, postMessage, storedReceipts } from './support/receipts.ts';

/**
 * Scheduled sends. The receiving devices are stand-ins on the local push service (support/fake-device.ts), which
 * note the moment each push arrives; the admin page runs in Firefox in a time zone far from the server's.
 */
const admin = { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a message scheduled 5 s ahead in the admin page (its local time) goes out at that time, not before', async ({
  browser,
  request,
  servers,
}) => {
  const name = uniqueName('sched');
  const { app } = servers;
  const device = await fakeDevice(app.url, servers.pushWsUrl, name);
  // Nepal is UTC+5:45: local digits differ from UTC ones in hours and minutes.
  const context = await browser.newContext({ timezoneId: 'Asia/Kathmandu' });
  const page = await context.newPage();
  await adminLogin(page, app.url);
  await page.getByTestId('target-user').selectOption({ label: name });
  await page.getByTestId('compose-title').fill(`Scheduled for ${name}`);
  await page.getByTestId('compose-body').fill('Five seconds later');

  const sendAt = Math.ceil((Date.now() + 5000) / 1000) * 1000;
  const local = await page.evaluate((ms) => {
    const d = new Date(ms);
    const two = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  }, sendAt);
  expect(local).not.toBe(new Date(sendAt).toISOString().slice(0, 19)); // really another zone than UTC
  await page.getByTestId('compose-send-at').fill(local);
  await page.getByTestId('send-button').click();

  const panel = page.getByTestId('send-panel');
  await expect(panel).toHaveAttribute('data-status', 'scheduled');
  const messageId = Number(await panel.getAttribute('data-message-id'));
  // Shown back in the admin's local time: the same digits that were typed.
  await expect(page.getByTestId('send-scheduled-at')).toContainText(local.slice(11, 19));
  const stored = await messageById(request, app.url, messageId);
  expect(stored).toMatchObject({ status: 'scheduled', sendAt: new Date(sendAt).toISOString(), total: 0 });

  const { receivedAt } = await device.nextPush(20_000);
  expect(receivedAt).toBeGreaterThanOrEqual(sendAt);
  const sent = await messageById(request, app.url, messageId);
  expect(Date.parse(sent.startedAt!)).toBeGreaterThanOrEqual(sendAt);
  await expect(panel).toHaveAttribute('data-status', 'done');
  expect(await device.pending()).toBe(0);
  await context.close();
  await device.close();
});

test('a message scheduled before a restart is sent after it, once; one in the past is refused', async ({
  request,
  servers,
}) => {
  const app = await ownApp(servers.pushUrl);
  try {
    await app.start();
    const name = uniqueName('restart');
    const device = await fakeDevice(app.url, servers.pushWsUrl, name);
    const user = (await adminUser(request, app.url, name))!;
    const target = { type: 'users', userIds: [user.id] };

    const past = new Date(Date.now() - 60_000).toISOString();
    const refused = await postMessage(
      request,
      app.url,
      { title: 'Late', body: 'x', target, sendAt: past },
      400,
    );
    expect(refused.json.error).toMatchObject({ field: 'sendAt' });
    expect(refused.json.error!.message).toMatch(/^sendAt \S+ is in the past \(the server's time is \S+\)/);

    const sendAt = Date.now() + 4000;
    const { json } = await postMessage(request, app.url, {
      title: 'Across a restart',
      body: 'Sent once',
      target,
      sendAt: new Date(sendAt).toISOString(),
    });
    const messageId = json.message!.id;
    expect(json.message).toMatchObject({ status: 'scheduled', total: 0 });
    await app.stop();

    // Down through the scheduled time: nothing may go out.
    await sleep(Math.max(0, sendAt - Date.now()) + 1500);
    expect(await device.pending()).toBe(0);
    expect(storedReceipts(app.db, messageId).counts).toMatchObject({ status: 'scheduled', total: 0 });

    await app.start();
    await device.nextPush(15_000);
    await expect.poll(async () => (await messageById(request, app.url, messageId)).status).toBe('done');
    expect(storedReceipts(app.db, messageId).counts).toMatchObject({ total: 1, delivered: 1 });

    // Once: another restart sends nothing more.
    await app.stop();
    await app.start();
    await sleep(2000);
    expect(await device.pending()).toBe(0);
    expect(storedReceipts(app.db, messageId).deliveries).toHaveLength(1);
    await device.close();
  } finally {
    await app.dispose();
  }
});

test('a scheduled message can be cancelled, or sent now, once', async ({ request, servers }) => {
  const { app } = servers;
  const name = uniqueName('cancel');
  const device = await fakeDevice(app.url, servers.pushWsUrl, name);
  const user = (await adminUser(request, app.url, name))!;
  const later = new Date(Date.now() + 3_600_000).toISOString();
  const body = { body: 'Later', target: { type: 'users', userIds: [user.id] }, sendAt: later };

  const cancelled = (await postMessage(request, app.url, { ...body, title: 'Cancelled' })).json.message!;
  const cancel = await request.post(`${app.url}/api/admin/messages/${cancelled.id}/cancel`, {
    headers: admin,
  });
  expect(cancel.status()).toBe(200);
  expect(((await cancel.json()) as { message: { status: string } }).message.status).toBe('cancelled');
  const again = await request.post(`${app.url}/api/admin/messages/${cancelled.id}/send-now`, {
    headers: admin,
  });
  expect(again.status()).toBe(409);

  const now = (await postMessage(request, app.url, { ...body, title: 'Sent now' })).json.message!;
  const sendNow = await request.post(`${app.url}/api/admin/messages/${now.id}/send-now`, { headers: admin });
  expect(sendNow.status()).toBe(202);
  const { text } = await device.nextPush();
  expect(JSON.parse(text)).toMatchObject({ notification: { title: 'Sent now' } });
  const twice = await request.post(`${app.url}/api/admin/messages/${now.id}/send-now`, { headers: admin });
  expect(twice.status()).toBe(409);
  await expect.poll(async () => (await messageById(request, app.url, now.id)).status).toBe('done');
  expect(await device.pending()).toBe(0);
  expect(storedReceipts(app.db, cancelled.id).deliveries).toHaveLength(0);
  await device.close();
});
