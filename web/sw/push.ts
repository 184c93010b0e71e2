import { readDeclarative, type DeclarativeMessage } from '../lib/declarative-push.ts';
import {
  declaredPayload,
  parseJson,
  parseLegacyPayload,
  type PushMessage,
  type PushPayload,
} from '../lib/push-payload.ts';
import { recordReceived } from '../lib/received-store.ts';
import {
  declaredNotification,
  legacyNotification,
  type NotificationTarget,
  type ShownNotification,
} from './notification-options.ts';
import { flushOutbox, receiptOf, sendReceipt, withoutReceiptParams } from './receipts.ts';

/**
 * Shows the notification for one push, records it for pages opened later, and tells open pages.
 * Only the notification is essential (userVisibleOnly): badge, recording and messaging failures are logged.
 */
export async function handlePush(scope: ServiceWorkerGlobalScope, event: PushEvent): Promise<void> {
  const { payload, shown, appBadge } = readPush(readText(event.data), scope.location.origin);
  const message: PushMessage = {
    type: 'push',
    payload,
    id: crypto.randomUUID(),
    receivedAt: new Date().toISOString(),
  };
  const receipt = (shown.options.data as NotificationTarget).receipt;
  await Promise.all([
    // The receipt says what the device did show, so it goes once showNotification has resolved.
    scope.registration
      .showNotification(shown.title, shown.options)
      .then(() =>
        receipt
          ? sendReceipt(scope, { token: receipt, kind: 'shown' })
          : flushOutbox().catch(() => undefined),
      ),
    setAppBadge(scope, appBadge).catch((error: unknown) =>
      console.warn('could not set the app badge', error),
    ),
    recordReceived({ id: message.id, receivedAt: message.receivedAt, payload }).catch((error: unknown) =>
      console.warn('could not record the push', error),
    ),
    tellOpenPages(scope, message).catch((error: unknown) => console.warn('could not message pages', error)),
  ]);
}

/** What one push shows and what the pages list: a declarative message if it is one, else the older forms. */
export function readPush(
  text: string | null,
  origin: string,
): { payload: PushPayload; shown: ShownNotification; appBadge: number | null } {
  const declared = readDeclarative(parseJson(text), `${origin}/`);
  if (declared) {
    const declarative = withoutReceiptLinks(declared);
    const shown = declaredNotification(declarative, origin);
    const receipt = receiptOf(declarative.notification.data);
    if (receipt) (shown.options.data as NotificationTarget).receipt = receipt;
    return { payload: declaredPayload(declarative, origin), shown, appBadge: declarative.appBadge };
  }
  const payload = parseLegacyPayload(text);
  return { payload, shown: legacyNotification(payload), appBadge: null };
}

/** `app_badge` through the Badging API where the browser has it (0 clears the badge). */
export async function setAppBadge(
  scope: Pick<ServiceWorkerGlobalScope, 'navigator'>,
  count: number | null,
): Promise<void> {
  if (count === null) return;
  const badging = scope.navigator as Partial<NavigatorBadge>;
  if (count === 0) await badging.clearAppBadge?.();
  else await badging.setAppBadge?.(count);
}

function readText(data: PushMessageData | null): string | null {
  if (!data) return null;
  try {
    return data.text();
  } catch {
    return null;
  }
}

async function tellOpenPages(scope: ServiceWorkerGlobalScope, message: PushMessage): Promise<void> {
  // includeUncontrolled: a page loaded before this worker activated is not controlled yet but still listens.
  const pages = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const page of pages) page.postMessage(message);
}

/** The message with its links as the admin wrote them: the worker reports clicks itself (see receipts.ts). */
function withoutReceiptLinks(message: DeclarativeMessage): DeclarativeMessage {
  const { notification } = message;
  return {
    ...message,
    notification: {
      ...notification,
      navigate: withoutReceiptParams(notification.navigate),
      actions: notification.actions.map((action) => ({
        ...action,
        navigate: withoutReceiptParams(action.navigate),
      })),
    },
  };
}
