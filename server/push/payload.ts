import type { PushPayload } from '../../shared/api-types.ts';
import type { messages } from '../db/schema.ts';

type MessageRow = typeof messages.$inferSelect;

/** The JSON pushed for an admin message; the tag lets a later push of the same message replace it. */
export function messagePayload(message: Pick<MessageRow, 'id' | 'title' | 'body' | 'url' | 'icon'>): string {
  const payload: PushPayload = {
    title: message.title,
    body: message.body,
    url: message.url,
    icon: message.icon,
    tag: `message-${message.id}`,
    messageId: message.id,
  };
  return JSON.stringify(payload);
}

export function testPayload(userName: string, now = new Date()): string {
  const payload: PushPayload = {
    title: 'Test push',
    body: `Hello ${userName}, this test push was sent at ${now.toISOString()}.`,
    url: '/',
    icon: null,
    tag: `test-${now.getTime()}`,
    messageId: null,
  };
  return JSON.stringify(payload);
}
