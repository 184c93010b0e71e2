/**
 * Where to subscribe: `window.pushManager` where the browser has it (Safari 18.4+ with Declarative Web Push:
 * the subscription then belongs to the site rather than to the worker, so pushes still show if the worker is
 * removed), else the worker registration's. For a worker registered at the site root both see the same
 * subscription.
 */
export function pushManagerOf(
  registration: ServiceWorkerRegistration,
  global: { pushManager?: unknown } = globalThis as { pushManager?: unknown },
): PushManager {
  return isPushManager(global.pushManager) ? global.pushManager : registration.pushManager;
}

function isPushManager(value: unknown): value is PushManager {
  return (
    typeof value === 'object' && value !== null && typeof (value as PushManager).subscribe === 'function'
  );
}
