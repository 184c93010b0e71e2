/**
 * How big the pushed JSON will be, measured with the function the server builds it with
 * (shared/message-payload.ts), so the admin sees the problem while typing rather than on send.
 */
import { MESSAGE_LIMITS as LIMITS } from '../../shared/message-limits.ts';
import { messagePayloadBytes, type MessageContent } from '../../shared/message-payload.ts';
import { draftContent, type ContentValues } from './compose-content.ts';
import { tooLong } from './compose-rich.ts';

/** The longest message id the server may give the message (ids are unknown before sending). */
const LONGEST_ID = Number.MAX_SAFE_INTEGER;

/**
 * Bytes of the payload the server pushes for this content composed on `origin`, or null while the draft
 * cannot be built yet (no title, a link that is not a URL): the send check names that field.
 */
export function composedPayloadBytes(content: MessageContent, origin: string): number | null {
  try {
    return messagePayloadBytes({ ...content, id: LONGEST_ID }, origin);
  } catch {
    return null;
  }
}

export type SizeLevel = 'ok' | 'warn' | 'error';
export interface SizeStatus {
  level: SizeLevel;
  message: string;
}

/** What to tell the admin about a payload of `bytes`. */
export function sizeStatus(bytes: number): SizeStatus {
  if (bytes > LIMITS.payloadBytes) {
    return {
      level: 'error',
      message: `Too long to send: as pushed, the notification is ${bytes} bytes, over the ${LIMITS.payloadBytes}-byte limit of one push message. Shorten the text or links by ${bytes - LIMITS.payloadBytes} bytes.`,
    };
  }
  if (bytes > LIMITS.firefoxAndroidPayloadBytes) {
    return {
      level: 'warn',
      message: `As pushed, the notification is ${bytes} bytes: Firefox for Android refuses more than ${LIMITS.firefoxAndroidPayloadBytes}.`,
    };
  }
  return { level: 'ok', message: '' };
}

/**
 * The one limit message the form shows: a field over its length limit first (that is what the server would
 * answer), else the payload size. Never two limits at once.
 */
export function composeStatus(values: ContentValues, origin: string): SizeStatus {
  const title = values.title.trim();
  const body = values.body.trim();
  if (title.length > LIMITS.titleChars) {
    return { level: 'error', message: tooLong('Title', LIMITS.titleChars, title.length) };
  }
  if (body.length > LIMITS.bodyChars) {
    return { level: 'error', message: tooLong('Body', LIMITS.bodyChars, body.length) };
  }
  const bytes = composedPayloadBytes(draftContent(values), origin);
  return bytes === null ? { level: 'ok', message: '' } : sizeStatus(bytes);
}
