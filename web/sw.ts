/// <reference lib="webworker" />
// The service worker, served as one classic script at /sw.js (see web/vite-plugin-service-worker.ts).
import { handleNotificationClick, handleNotificationClose } from './sw/notification-click.ts';
import { handlePush } from './sw/push.ts';
import { flushOutbox, RECEIPT_SYNC_TAG } from './sw/receipts.ts';
import { handleSubscriptionChange } from './sw/subscription-change.ts';

declare const self: ServiceWorkerGlobalScope;

// Every handler's work runs inside waitUntil so the browser keeps the worker alive until it is done.
self.addEventListener('install', (event) => {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(Promise.all([self.clients.claim(), flushOutbox().catch(() => undefined)]));
});

self.addEventListener('push', (event) => {
  event.waitUntil(handlePush(self, event));
});

self.addEventListener('notificationclick', (event) => {
  event.waitUntil(handleNotificationClick(self, event));
});

self.addEventListener('notificationclose', (event) => {
  event.waitUntil(handleNotificationClose(self, event));
});

// Background Sync (Chromium): receipts queued while offline are posted once the device is back online.
self.addEventListener('sync', (event) => {
  const sync = event as ExtendableEvent & { tag?: string };
  if (sync.tag === RECEIPT_SYNC_TAG) sync.waitUntil(flushOutbox());
});

self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(
    handleSubscriptionChange(self, event).catch((error: unknown) =>
      console.error('could not renew the push subscription', error),
    ),
  );
});
