import type { Page, Worker } from '@playwright/test';
import { deliverPush } from './support/chromium-worker.ts';
import { expect, test } from './support/fixtures.ts';
import { expectReceived, notificationWithTag, receivedMessage } from './support/subscribe-page.ts';

/**
 * Chromium cannot subscribe without Google's push service, but DevTools can hand its service worker a push
 * (`ServiceWorker.deliverPushMessage`, no encryption involved): this checks our worker's handling in Chromium.
 */

const payload = {
  title: 'Delivered by DevTools',
  body: 'Chromium ran the push handler',
  url: '/admin/',
  icon: null,
  tag: 'message-4242',
  messageId: 4242,
};

test('the service worker shows a pushed notification and tells the open page', async ({ page }) => {
  await page.goto('/');
  await deliverPush(page, JSON.stringify(payload));

  await expectReceived(page, { id: payload.messageId, title: payload.title, body: payload.body });
  expect(await notificationWithTag(page, payload.tag)).toEqual({
    title: payload.title,
    body: payload.body,
    tag: payload.tag,
    url: '/admin/',
  });
});

test('a push that is not JSON still shows a notification, with the text as its body', async ({ page }) => {
  await page.goto('/');
  await deliverPush(page, 'plain text from another sender');
  await expect
    .poll(async () =>
      page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => [n.title, n.body]),
      ),
    )
    .toEqual([['Notification', 'plain text from another sender']]);
});

/** Opens the page, pushes `payload` to its worker and waits until the page and the notification show it. */
async function showPushedNotification(page: Page): Promise<Worker> {
  await page.goto('/');
  const worker = await deliverPush(page, JSON.stringify(payload));
  await expect(receivedMessage(page, payload.messageId)).toBeVisible();
  await notificationWithTag(page, payload.tag);
  return worker;
}

/**
 * Clicking: no automation protocol can click a notification (WebDriver BiDi and CDP have no command for it,
 * see web-platform-tests/wpt#51125), and headless Chromium draws notifications nowhere a test can reach. So the
 * worker's own `notificationclick` listener is run with a NotificationEvent built in the worker. Such an
 * event is untrusted, so the browser grants it no right to open or focus windows (a real click does); the
 * test records the url the handler asks `clients.openWindow` for instead of letting Chromium refuse it.
 */
test('clicking the notification closes it and opens its url', async ({ page }) => {
  const worker = await showPushedNotification(page);

  const result = await worker.evaluate(async (tag) => {
    const scope = self as unknown as ServiceWorkerGlobalScope;
    const opened: string[] = [];
    scope.clients.openWindow = async (url: string | URL) => {
      opened.push(String(url));
      return null;
    };
    const [notification] = await scope.registration.getNotifications({ tag });
    if (!notification) throw new Error(`no notification tagged ${tag}`);
    scope.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
    // The listener's work is asynchronous (it looks for an open tab first); wait for the window request.
    for (let waited = 0; opened.length === 0 && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { opened, stillShown: (await scope.registration.getNotifications({ tag })).length };
  }, payload.tag);

  expect(result).toEqual({ opened: [new URL('/admin/', page.url()).href], stillShown: 0 });
});

test('clicking when its url is already open focuses that tab instead of opening another', async ({
  page,
  context,
}) => {
  const adminTab = await context.newPage();
  await adminTab.goto('/admin/');
  const worker = await showPushedNotification(page);

  const result = await worker.evaluate(async (tag) => {
    const scope = self as unknown as ServiceWorkerGlobalScope;
    const opened: string[] = [];
    const focused: string[] = [];
    scope.clients.openWindow = async (url: string | URL) => {
      opened.push(String(url));
      return null;
    };
    WindowClient.prototype.focus = async function (this: WindowClient) {
      focused.push(this.url);
      return this;
    };
    const [notification] = await scope.registration.getNotifications({ tag });
    if (!notification) throw new Error(`no notification tagged ${tag}`);
    scope.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
    for (let waited = 0; focused.length + opened.length === 0 && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { opened, focused };
  }, payload.tag);

  expect(result).toEqual({ opened: [], focused: [adminTab.url()] });
});
