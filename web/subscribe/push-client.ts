// The browser side of push: service worker registration and the PushManager subscription.
import { base64UrlToBytes, sameBytes } from '../lib/base64url.ts';
import { pushManagerOf } from '../lib/push-manager.ts';
import { describeError, subscribeFailureKind } from '../lib/subscribe-failure.ts';
import { withTimeout } from '../lib/timeout.ts';

export const SERVICE_WORKER_URL = '/sw.js';
const SUBSCRIBE_TIMEOUT_MS = 15_000;

/** Raised when the browser could not register with its push service (offline, blocked, or no answer). */
export class PushServiceUnreachableError extends Error {
  constructor(cause: unknown) {
    super(`The browser could not register with its push service: ${describeError(cause)}`);
    this.name = 'PushServiceUnreachableError';
  }
}

/**
 * Raised when the browser refused to subscribe although notifications are allowed: Chrome in an Incognito
 * window (see lib/subscribe-failure.ts). The push service was never asked, so "unreachable" would mislead.
 */
export class PushSubscribeRefusedError extends Error {
  constructor(cause: unknown) {
    super(`The browser refused to create a push subscription (${describeError(cause)}).`);
    this.name = 'PushSubscribeRefusedError';
  }
}

export function pushSupported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** Registers /sw.js as a classic worker for the whole site and waits until it is active. */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration> {
  await navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: '/' });
  return navigator.serviceWorker.ready;
}

/** This browser's push subscription, if a worker is registered and subscribed. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration('/');
  return registration ? pushManagerOf(registration).getSubscription() : null;
}

/**
 * Subscribes with the server's VAPID key. A subscription made with another key is dropped first (the browser
 * refuses to subscribe again with a different key while it exists).
 */
export async function subscribe(
  registration: ServiceWorkerRegistration,
  vapidPublicKey: string,
): Promise<PushSubscription> {
  const applicationServerKey = base64UrlToBytes(vapidPublicKey);
  const existing = await pushManagerOf(registration).getSubscription();
  if (existing) {
    const key = existing.options.applicationServerKey;
    if (key && sameBytes(key, applicationServerKey)) return existing;
    await existing.unsubscribe();
  }
  try {
    return await withTimeout(
      pushManagerOf(registration).subscribe({ userVisibleOnly: true, applicationServerKey }),
      SUBSCRIBE_TIMEOUT_MS,
      `no answer within ${SUBSCRIBE_TIMEOUT_MS / 1000} s`,
    );
  } catch (error) {
    if (subscribeFailureKind(error, Notification.permission) === 'refused')
      throw new PushSubscribeRefusedError(error);
    throw new PushServiceUnreachableError(error);
  }
}
