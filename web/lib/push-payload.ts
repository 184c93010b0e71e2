import { readDeclarative, type DeclarativeMessage } from './declarative-push.ts';

/** What the pages list for one push (the kit's older JSON had exactly these fields). */
export interface PushPayload {
  title: string;
  body: string;
  url?: string;
  icon?: string;
  tag?: string;
  messageId?: number;
}

const FALLBACK_TITLE = 'Notification';

/**
 * Turns a push message body into what the pages list: a Declarative Web Push message's notification, the kit's
 * older JSON, or text. See `parsePayloadJson` for the older JSON.
 */
export function parsePushPayload(text: string | null | undefined, baseUrl = 'https://invalid/'): PushPayload {
  const declarative = readDeclarative(parseJson(text), baseUrl);
  return declarative ? declaredPayload(declarative, baseUrl) : parseLegacyPayload(text);
}

/** The notification of a declarative message as the pages list it (`url` relative when on the site). */
export function declaredPayload({ notification }: DeclarativeMessage, baseUrl: string): PushPayload {
  const payload: PushPayload = { title: notification.title, body: notification.body };
  payload.url = sitePath(notification.navigate, baseUrl);
  if (notification.icon) payload.icon = sitePath(notification.icon, baseUrl);
  if (notification.tag) payload.tag = notification.tag;
  const data = notification.data;
  if (typeof data === 'object' && data !== null && 'messageId' in data) {
    const { messageId } = data as { messageId: unknown };
    if (typeof messageId === 'number' && Number.isFinite(messageId)) payload.messageId = messageId;
  }
  return payload;
}

/** "/news/1" for a URL on the site at `baseUrl`, else the absolute URL. */
export function sitePath(url: string, baseUrl: string): string {
  const parsed = new URL(url);
  return parsed.origin === new URL(baseUrl).origin
    ? parsed.pathname + parsed.search + parsed.hash
    : parsed.href;
}

export function parseJson(text: string | null | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}

/**
 * Turns a push message body into a payload. JSON objects are read field by field (wrong types are dropped);
 * anything else, including JSON that is not an object, becomes `{ title: 'Notification', body: text }`, so
 * a push from another sender still shows something readable (userVisibleOnly requires a notification).
 */
export function parseLegacyPayload(text: string | null | undefined): PushPayload {
  const raw = text ?? '';
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { title: FALLBACK_TITLE, body: raw };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { title: FALLBACK_TITLE, body: raw };
  }
  const record = value as Record<string, unknown>;
  const payload: PushPayload = {
    title: nonEmptyString(record.title) ?? FALLBACK_TITLE,
    body: typeof record.body === 'string' ? record.body : '',
  };
  const url = nonEmptyString(record.url);
  const icon = nonEmptyString(record.icon);
  const tag = nonEmptyString(record.tag);
  if (url !== undefined) payload.url = url;
  if (icon !== undefined) payload.icon = icon;
  if (tag !== undefined) payload.tag = tag;
  if (typeof record.messageId === 'number' && Number.isFinite(record.messageId)) {
    payload.messageId = record.messageId;
  }
  return payload;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The message the service worker posts to open pages for every push. */
export interface PushMessage {
  type: 'push';
  payload: PushPayload;
  /** Unique per received push, so a page that reads the stored list and gets the message shows it once. */
  id: string;
  receivedAt: string;
}

export function isPushMessage(value: unknown): value is PushMessage {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    record.type === 'push' &&
    typeof record.id === 'string' &&
    typeof record.receivedAt === 'string' &&
    typeof record.payload === 'object' &&
    record.payload !== null &&
    typeof (record.payload as Record<string, unknown>).title === 'string'
  );
}
