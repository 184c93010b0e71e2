import { parsePushPayload, type PushMessage, type PushPayload } from '../lib/push-payload.ts';
import { recordReceived } from '../lib/received-store.ts';

/**
 * Shows the notification for one push, records it for pages opened later, and tells open pages.
 * Only the notification is essential (userVisibleOnly): recording and messaging failures are logged, not thrown.
 */
export async function handlePush(scope: ServiceWorkerGlobalScope, event: PushEvent): Promise<void> {
  const payload = parsePushPayload(readText(event.data));
  const message: PushMessage = {
    type: 'push',
    payload,
    id: crypto.randomUUID(),
    receivedAt: new Date().toISOString(),
  };
  await Promise.all([
    scope.registration.showNotification(payload.title, notificationOptions(payload)),
    recordReceived({ id: message.id, receivedAt: message.receivedAt, payload }).catch((error: unknown) =>
      console.warn('could not record the push', error),
    ),
    tellOpenPages(scope, message).catch((error: unknown) => console.warn('could not message pages', error)),
  ]);
}

function readText(data: PushMessageData | null): string | null {
  if (!data) return null;
  try {
    return data.text();
  } catch {
    return null;
  }
}

export function notificationOptions(payload: PushPayload): NotificationOptions {
  const options: NotificationOptions = {
    body: payload.body,
    data: { url: payload.url ?? '/', messageId: payload.messageId ?? null },
  };
  if (payload.icon) options.icon = payload.icon;
  if (payload.tag) options.tag = payload.tag;
  return options;
}

async function tellOpenPages(scope: ServiceWorkerGlobalScope, message: PushMessage): Promise<void> {
  // includeUncontrolled: a page loaded before this worker activated is not controlled yet but still listens.
  const pages = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const page of pages) page.postMessage(message);
}
