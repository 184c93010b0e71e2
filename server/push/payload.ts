import type { KitPushJson } from '../../shared/api-types.ts';
import {
  messagePayload as declarativeMessagePayload,
  type MessageContent,
} from '../../shared/message-payload.ts';
import type { MessageRow } from '../db/message-store.ts';
/** The columns a payload is built from (the fan-out passes whole rows; the rich fields may be left out). */
export type PayloadRow = Pick<MessageRow, 'id' | 'title' | 'body' | 'url' | 'icon'> &
  Partial<Pick<MessageRow, Exclude<keyof MessageContent, 'title' | 'body' | 'url' | 'icon'> | 'origin'>>;

/**
 * The JSON pushed for an admin message: Declarative Web Push (shared/message-payload.ts), which Safari shows
 * without the worker and the kit's worker shows everywhere else. With a receipt token (one per delivery) the
 * worker reports shown, clicked and closed, and links on the site carry it for the page they open.
 */
export function messagePayload(message: PayloadRow, receipt: string | null = null): string {
  const content = rowContent(message);
  if (!message.origin) return legacyPayload({ ...content, id: message.id });
  return declarativeMessagePayload({ ...content, id: message.id }, message.origin, receipt);
}

function rowContent(row: PayloadRow): MessageContent {
  return {
    title: row.title,
    body: row.body,
    url: row.url,
    icon: row.icon,
    image: row.image ?? null,
    badge: row.badge ?? null,
    tag: row.tag ?? null,
    actions: row.actions ?? [],
    requireInteraction: row.requireInteraction ?? false,
    silent: row.silent ?? false,
    renotify: row.renotify ?? false,
    vibrate: row.vibrate ?? [],
    timestamp: row.timestamp ? row.timestamp.getTime() : null,
    lang: row.lang ?? null,
    dir: row.dir ?? null,
    appBadge: row.appBadge ?? null,
  };
}

/**
 * The kit's JSON before Declarative Web Push, for a message queued by an older version (it has no origin to
 * make its link absolute). The worker still reads it.
 */
function legacyPayload(message: MessageContent & { id: number }): string {
  const payload: KitPushJson = {
    title: message.title,
    body: message.body,
    url: message.url,
    icon: message.icon,
    tag: message.tag ?? `message-${message.id}`,
    messageId: message.id,
  };
  return JSON.stringify(payload);
}

export function testPayload(userName: string, now = new Date()): string {
  const payload: KitPushJson = {
    title: 'Test push',
    body: `Hello ${userName}, this test push was sent at ${now.toISOString()}.`,
    url: '/',
    icon: null,
    tag: `test-${now.getTime()}`,
    messageId: null,
  };
  return JSON.stringify(payload);
}
