import type { CDPSession, Page, Worker } from '@playwright/test';
import { expect } from '@playwright/test';

/**
 * Chromium cannot subscribe without Google's push service, but DevTools can hand its service worker a push
 * (`ServiceWorker.deliverPushMessage`, no encryption involved): enough to drive the worker's own handlers.
 */

/** Registers the page's worker (as "Enable notifications" does) and returns it with its DevTools id. */
export async function registerWorker(
  page: Page,
): Promise<{ cdp: CDPSession; registrationId: string; worker: Worker }> {
  const cdp = await page.context().newCDPSession(page);
  const registrations = new Map<string, string>();
  cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
    for (const registration of updated) registrations.set(registration.scopeURL, registration.registrationId);
  });
  await cdp.send('ServiceWorker.enable');
  const workerStarted = page.context().waitForEvent('serviceworker');
  workerStarted.catch(() => undefined); // left pending when the worker is already known
  await page.evaluate(async () => {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
  });
  const worker = page.context().serviceWorkers()[0] ?? (await workerStarted);
  const scope = new URL('/', page.url()).href;
  await expect.poll(() => registrations.get(scope)).toBeDefined();
  return { cdp, registrationId: registrations.get(scope)!, worker };
}

/** Hands the worker a push through DevTools, as a push service would (the data arrives unencrypted). */
export async function deliverPush(page: Page, data: string): Promise<Worker> {
  const { cdp, registrationId, worker } = await registerWorker(page);
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin: new URL(page.url()).origin,
    registrationId,
    data,
  });
  return worker;
}

/**
 * Runs the worker's `notificationclick` listener for the notification tagged `tag` (optionally on one of its
 * actions) and returns the URLs it asked `clients.openWindow` for. No automation protocol can click a
 * notification, and an event built in the worker is untrusted (the browser would refuse it a window), so
 * openWindow is recorded instead of called.
 */
export async function clickInWorker(worker: Worker, tag: string, action = ''): Promise<string[]> {
  return worker.evaluate(
    async ([wanted, chosen]) => {
      const scope = self as unknown as ServiceWorkerGlobalScope;
      const opened: string[] = [];
      scope.clients.openWindow = async (url: string | URL) => {
        opened.push(String(url));
        return null;
      };
      const [notification] = await scope.registration.getNotifications({ tag: wanted });
      if (!notification) throw new Error(`no notification tagged ${wanted}`);
      scope.dispatchEvent(new NotificationEvent('notificationclick', { notification, action: chosen }));
      for (let waited = 0; opened.length === 0 && waited < 5000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return opened;
    },
    [tag, action] as const,
  );
}
