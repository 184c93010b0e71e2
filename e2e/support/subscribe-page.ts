import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

/** Opens the subscribe page and signs in with the demo sign-in. */
export async function signIn(page: Page, name: string): Promise<void> {
  await page.goto('/');
  await page.getByTestId('signin-name').fill(name);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('signed-in-as')).toContainText(name);
}

/** Clicks "Enable notifications" and waits until the page reports the subscription saved. */
export async function enablePush(page: Page): Promise<void> {
  await page.getByTestId('enable-push').click();
  // Firefox connects to the push service about 2 s after start-up; the first subscribe waits for it.
  await expect(page.getByTestId('push-status')).toHaveAttribute('data-state', 'subscribed', {
    timeout: 30_000,
  });
}

/** This browser's push endpoint, as the browser itself reports it. */
export async function browserEndpoint(page: Page): Promise<string> {
  const endpoint = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration('/');
    return (await registration?.pushManager.getSubscription())?.endpoint ?? null;
  });
  if (!endpoint) throw new Error('the browser has no push subscription');
  return endpoint;
}

/** Unsubscribes in the browser only (the server keeps its copy), as when a user clears site data. */
export async function unsubscribeInBrowserOnly(page: Page): Promise<void> {
  const done = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration('/');
    const subscription = await registration?.pushManager.getSubscription();
    return (await subscription?.unsubscribe()) ?? false;
  });
  if (!done) throw new Error('the browser had no subscription to unsubscribe');
}

export interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  url: string | null;
}

/** The notifications the service worker is showing, from `registration.getNotifications()`. */
export function shownNotifications(page: Page): Promise<ShownNotification[]> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.getNotifications()).map((notification) => ({
      title: notification.title,
      body: notification.body,
      tag: notification.tag,
      url: (notification.data as { url?: string } | null)?.url ?? null,
    }));
  });
}

/** Waits until the service worker shows a notification with this tag; returns what it shows. */
export async function notificationWithTag(page: Page, tag: string): Promise<ShownNotification> {
  let found: ShownNotification | undefined;
  await expect
    .poll(async () => (found = (await shownNotifications(page)).find((n) => n.tag === tag)), {
      message: `a notification tagged ${tag}`,
    })
    .toBeDefined();
  return found!;
}

/** The "Received pushes" entry of an admin message. */
export function receivedMessage(page: Page, messageId: number | string): Locator {
  return page.locator(`[data-testid="received-item"][data-message-id="${messageId}"]`);
}

/** Asserts the page lists this message with its decrypted title and body. */
export async function expectReceived(
  page: Page,
  message: { id: number | string; title: string; body: string },
): Promise<void> {
  const item = receivedMessage(page, message.id);
  await expect(item.getByTestId('received-title')).toHaveText(message.title);
  await expect(item.getByTestId('received-body')).toHaveText(message.body);
  await expect(item).toHaveAttribute('data-tag', `message-${message.id}`);
}
