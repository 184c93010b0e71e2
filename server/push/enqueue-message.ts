import type { MessageRow, NewMessageRow } from '../db/message-store.ts';
import type { Store } from '../db/store.ts';
import { DEFAULT_MESSAGE_TTL, messageContent, type NewMessage } from './new-message.ts';
import { pushServiceOf } from './push-service.ts';

/**
 * Records a message and one pending delivery per targeted device in a single transaction, so the job is
 * durable before any push goes out. `origin` is the site the admin composed it on (relative links are sent
 * resolved against it).
 */
export function enqueueMessage(
  store: Store,
  message: NewMessage,
  origin: string | null = null,
  expiresAt: Date | null = null,
): Promise<MessageRow> {
  return store.messages.insertWithDeliveries(newMessageRow(message, origin, expiresAt), pushServiceOf);
}

/**
 * Records a message to send at `sendAt`, without deliveries: the scheduler writes them for the devices
 * subscribed at that time, and starts it (see db/schedule-store.ts).
 */
export function scheduleMessage(
  store: Store,
  message: NewMessage,
  origin: string | null,
  sendAt: Date,
  expiresAt: Date | null,
): Promise<MessageRow> {
  return store.schedules.insert(newMessageRow(message, origin, expiresAt), sendAt);
}

function newMessageRow(message: NewMessage, origin: string | null, expiresAt: Date | null): NewMessageRow {
  const content = messageContent(message);
  return {
    ...content,
    timestamp: content.timestamp === null ? null : new Date(content.timestamp),
    origin,
    ttl: message.ttl ?? DEFAULT_MESSAGE_TTL,
    urgency: message.urgency ?? 'normal',
    topic: message.topic ?? null,
    target: message.target,
    expiresAt,
  };
}
