/// <reference lib="webworker" />
// The service worker, served as one classic script at /sw.js (see web/vite-plugin-service-worker.ts).
import { handleNotificationClick } from './sw/notification-click.ts';
import { handlePush } from './sw/push.ts';
import { handleSubscriptionChange } from './sw/subscription-change.ts';

declare const self: ServiceWorkerGlobalScope;

// Every handler's work runs inside waitUntil so the browser keeps the worker alive until it is done.
self.addEventListener('install', (event) => {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('push', (event) => {
  event.waitUntil(handlePush(self, event));
});

self.addEventListener('notificationclick', (event) => {
  event.waitUntil(handleNotificationClick(self, event));
});

self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(
    handleSubscriptionChange(self, event).catch((error: unknown) =>
      console.error('could not renew the push subscription', error),
    ),
  );
});
