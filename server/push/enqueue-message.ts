import type { Db } from '../db/client.ts';
import { insertMessageWithDeliveries, type MessageRow } from '../db/message-store.ts';
import { DEFAULT_MESSAGE_TTL, messageContent, type NewMessage } from './new-message.ts';
import { pushServiceOf } from './push-service.ts';

/**
 * Records a message and one pending delivery per targeted device in a single transaction, so the job is
 * durable before any push goes out. `origin` is the site the admin composed it on (relative links are sent
 * resolved against it).
 */
export function enqueueMessage(db: Db, message: NewMessage, origin: string | null = null): MessageRow {
  const content = messageContent(message);
  return insertMessageWithDeliveries(
    db,
    {
      ...content,
      timestamp: content.timestamp === null ? null : new Date(content.timestamp),
      origin,
      ttl: message.ttl ?? DEFAULT_MESSAGE_TTL,
      urgency: message.urgency ?? 'normal',
      topic: message.topic ?? null,
      target: message.target,
    },
    pushServiceOf,
  );
}
