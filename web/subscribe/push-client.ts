// The browser side of push: service worker registration and the PushManager subscription.
import { base64UrlToBytes, sameBytes } from '../lib/base64url.ts';
import { pushManagerOf } from '../lib/push-manager.ts';
import { withTimeout } from '../lib/timeout.ts';

export const SERVICE_WORKER_URL = '/sw.js';
const SUBSCRIBE_TIMEOUT_MS = 15_000;

/** Raised when the browser could not register with its push service (offline, blocked, or no answer). */
export class PushServiceUnreachableError extends Error {
  constructor(cause: unknown) {
    super(`The browser could not register with its push service: ${describe(cause)}`);
    this.name = 'PushServiceUnreachableError';
  }
}

function describe(error: unknown): string {
  if (error instanceof Error)
    return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
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
    throw new PushServiceUnreachableError(error);
  }
}
