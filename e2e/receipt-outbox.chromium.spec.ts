import type { Worker } from '@playwright/test';
import { adminUser } from './support/admin-api.ts';
import { deliverPush } from './support/chromium-worker.ts';
import { fakeDevice } from './support/fake-device.ts';
import { expect, test, uniqueName } from './support/fixtures.ts';
import { postMessage, storedReceipts } from './support/receipts.ts';

/** What the worker's IndexedDB outbox holds (web/sw/outbox.ts). */
function outbox(worker: Worker): Promise<{ token: string; kind: string }[]> {
  return worker.evaluate(
    () =>
      new Promise<{ token: string; kind: string }[]>((resolve, reject) => {
        const open = indexedDB.open('receipts-outbox', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('receipts');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('receipts').objectStore('receipts').getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(
              (request.result as { token: string; kind: string }[]).map(({ token, kind }) => ({
                token,
                kind,
              })),
            );
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

test('a receipt the worker cannot post waits in the outbox and goes with the next one', async ({
  page,
  request,
  servers,
}) => {
  const name = uniqueName('outbox');
  const { app } = servers;
  const device = await fakeDevice(app.url, servers.pushWsUrl, name);
  const user = (await adminUser(request, app.url, name))!;
  const target = { type: 'users', userIds: [user.id] };
  const first = (await postMessage(request, app.url, { title: 'Offline', body: 'queued', target })).json
    .message!;
  const firstText = (await device.nextPush()).text;
  const second = (await postMessage(request, app.url, { title: 'Online', body: 'again', target })).json
    .message!;
  const secondText = (await device.nextPush()).text;

  await page.goto('/');
  // The first push arrives while the network is down: the worker's fetch fails as it does offline.
  const worker = await deliverPush(page, '{"title":"warm-up","body":""}');
  await worker.evaluate(() => {
    const scope = self as unknown as { fetch: typeof fetch; onlineFetch?: typeof fetch };
    scope.onlineFetch = scope.fetch;
    scope.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
  });
  await deliverPush(page, firstText);
  const token = (JSON.parse(firstText) as { notification: { data: { receipt: string } } }).notification.data
    .receipt;
  await expect.poll(() => outbox(worker)).toEqual([{ token, kind: 'shown' }]);
  expect(storedReceipts(app.db, first.id).counts.shown).toBe(0);

  // Back online: the next push's receipt goes after the queued one, and the outbox is empty.
  await worker.evaluate(() => {
    const scope = self as unknown as { fetch: typeof fetch; onlineFetch?: typeof fetch };
    scope.fetch = scope.onlineFetch!;
  });
  await deliverPush(page, secondText);
  await expect.poll(() => storedReceipts(app.db, second.id).counts.shown).toBe(1);
  expect(storedReceipts(app.db, first.id).counts.shown).toBe(1);
  expect(await outbox(worker)).toEqual([]);
  await device.close();
});
