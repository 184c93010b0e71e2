import { receiptOf, sendReceipt } from './receipts.ts';

/**
 * Closes the notification and brings its URL to the front (an open tab at that URL, else a new window): the
 * chosen action's URL, else the notification's, as Safari opens a declarative message's `navigate`.
 */
export async function handleNotificationClick(
  scope: ServiceWorkerGlobalScope,
  event: NotificationEvent,
): Promise<void> {
  event.notification.close();
  // Side by side: the window must open while the click still allows it, whatever the network does.
  const receipt = receiptOf(event.notification.data);
  await Promise.all([
    openTarget(scope, event),
    receipt && sendReceipt(scope, { token: receipt, kind: 'clicked', action: event.action }),
  ]);
}

/** Reports a notification dismissed without a click. */
export async function handleNotificationClose(
  scope: ServiceWorkerGlobalScope,
  event: NotificationEvent,
): Promise<void> {
  const receipt = receiptOf(event.notification.data);
  if (receipt) await sendReceipt(scope, { token: receipt, kind: 'closed' });
}

async function openTarget(scope: ServiceWorkerGlobalScope, event: NotificationEvent): Promise<void> {
  const target = targetUrl(event.notification.data, scope.location.origin, event.action);
  const pages = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = pages.find((page) => page.url === target);
  if (open) {
    await open.focus();
    return;
  }
  await scope.clients.openWindow(target);
}

/**
 * The absolute URL a click opens: `data.actions[action]` for an action button, else `data.navigate` or
 * `data.url` resolved against the site, else the site root.
 */
export function targetUrl(data: unknown, origin: string, action = ''): string {
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const actions = typeof record.actions === 'object' && record.actions !== null ? record.actions : {};
  const forAction = action ? (actions as Record<string, unknown>)[action] : undefined;
  const url = [forAction, record.navigate, record.url].find((value) => typeof value === 'string') as
    string | undefined;
  try {
    return new URL(url ?? '/', origin).href;
  } catch {
    return new URL('/', origin).href;
  }
}
