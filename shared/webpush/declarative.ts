/**
 * Declarative Web Push (WebKit's proposal, in the W3C Push API draft, "declarative push message"): a payload
 * that describes its notification, so Safari 18.4+ shows it without running service worker code.
 *
 *   {"web_push":8030,"notification":{"title":..,"navigate":..,...},"app_badge":3,"mutable":true}
 *
 * `title` and `navigate` are required; every other notification member mirrors NotificationOptions. `app_badge`
 * and `mutable` sit beside `notification`. This module has no runtime imports, so browsers can use it too.
 */
import { WebPushValidationError } from './errors.ts';
import { MAX_PORTABLE_PLAINTEXT_BYTES } from './record-limits.ts';

/** The `web_push` member that marks a declarative push message (the RFC number of Web Push). */
export const DECLARATIVE_WEB_PUSH = 8030;

/** A declarative payload must fit one 4096-byte encrypted record: 3993 bytes of JSON (aes128gcm). */
export const MAX_DECLARATIVE_PAYLOAD_BYTES = MAX_PORTABLE_PLAINTEXT_BYTES;

export type NotificationDirection = 'auto' | 'ltr' | 'rtl';

/** A button on the notification; choosing it opens `navigate` (no service worker needed). */
export interface DeclarativeAction {
  action: string;
  title: string;
  /** Absolute http(s) URL opened when the action is chosen. */
  navigate: string;
  icon?: string;
}

export interface DeclarativePayloadInput {
  title: string;
  /** Absolute http(s) URL opened when the notification is clicked. */
  navigate: string;
  body?: string;
  lang?: string;
  dir?: NotificationDirection;
  silent?: boolean;
  tag?: string;
  icon?: string;
  image?: string;
  badge?: string;
  actions?: DeclarativeAction[];
  requireInteraction?: boolean;
  renotify?: boolean;
  /** Vibration pattern in milliseconds (not with `silent`). */
  vibrate?: number[];
  /** When the event happened, in milliseconds since 1970 (not when the push was sent). */
  timestamp?: number;
  /** Any JSON value; the notification carries it as `Notification.data`. */
  data?: unknown;
  /** The app's badge number (Badging API); 0 clears it. */
  app_badge?: number;
  /** true lets a service worker change the notification before it is shown. */
  mutable?: boolean;
}

/** The JSON object `declarativePayload` serializes. */
export interface DeclarativePushMessage {
  web_push: typeof DECLARATIVE_WEB_PUSH;
  notification: Omit<DeclarativePayloadInput, 'app_badge' | 'mutable'>;
  app_badge?: number;
  mutable?: boolean;
}

// Member order of the JSON (the output is byte-for-byte stable for the same input).
const NOTIFICATION_MEMBERS = [
  'title',
  'body',
  'navigate',
  'lang',
  'dir',
  'tag',
  'icon',
  'image',
  'badge',
  'actions',
  'silent',
  'requireInteraction',
  'renotify',
  'vibrate',
  'timestamp',
  'data',
] as const;
const MESSAGE_MEMBERS = ['app_badge', 'mutable'] as const;
const ACTION_MEMBERS = ['action', 'title', 'navigate', 'icon'] as const;
const DIRECTIONS: readonly NotificationDirection[] = ['auto', 'ltr', 'rtl'];
const MAX_UINT32 = 2 ** 32 - 1;
const BCP47 = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/**
 * Builds and validates a declarative push message and returns its JSON. Throws WebPushValidationError naming
 * the member ("notification.navigate: must be an absolute https: or http: URL") for anything WebKit's format
 * refuses, for unknown keys, and for a payload too large for one encrypted push record.
 */
export function declarativePayload(input: DeclarativePayloadInput): string {
  const json = JSON.stringify(declarativeMessage(input));
  const bytes = new TextEncoder().encode(json).length;
  if (bytes > MAX_DECLARATIVE_PAYLOAD_BYTES) {
    throw new WebPushValidationError(
      'payload',
      `is ${bytes} bytes of JSON; one 4096-byte encrypted push record holds at most ${MAX_DECLARATIVE_PAYLOAD_BYTES} (aes128gcm), so shorten it by ${bytes - MAX_DECLARATIVE_PAYLOAD_BYTES} bytes`,
    );
  }
  return json;
}

/** The validated message object (what `declarativePayload` serializes), without the size check. */
export function declarativeMessage(input: DeclarativePayloadInput): DeclarativePushMessage {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new WebPushValidationError('notification', 'must be an object');
  }
  const record = input as unknown as Record<string, unknown>;
  refuseUnknownKeys(record, [...NOTIFICATION_MEMBERS, ...MESSAGE_MEMBERS], (key) => key);

  const field = (name: string) => `notification.${name}`;
  requireText(record.title, field('title'));
  requireAbsoluteUrl(record.navigate, field('navigate'));
  optional(record.body, field('body'), checkString);
  optional(record.lang, field('lang'), (value, name) => {
    checkString(value, name);
    if (value !== '' && !BCP47.test(value as string)) fail(name, 'must be a language tag like en or en-US');
  });
  optional(record.dir, field('dir'), (value, name) => {
    if (!DIRECTIONS.includes(value as NotificationDirection)) fail(name, 'must be auto, ltr or rtl');
  });
  optional(record.tag, field('tag'), checkString);
  for (const name of ['icon', 'image', 'badge'] as const) optional(record[name], field(name), checkUrlOrPath);
  optional(record.actions, field('actions'), checkActions);
  for (const name of ['silent', 'requireInteraction', 'renotify'] as const) {
    optional(record[name], field(name), checkBoolean);
  }
  optional(record.vibrate, field('vibrate'), (value, name) => {
    if (!Array.isArray(value)) fail(name, 'must be an array of milliseconds');
    (value as unknown[]).forEach((item, index) => checkUnsigned(item, `${name}[${index}]`, MAX_UINT32));
  });
  optional(record.timestamp, field('timestamp'), (value, name) =>
    checkUnsigned(value, name, Number.MAX_SAFE_INTEGER),
  );
  optional(record.data, field('data'), checkJson);
  optional(record.app_badge, 'app_badge', (value, name) =>
    checkUnsigned(value, name, Number.MAX_SAFE_INTEGER),
  );
  optional(record.mutable, 'mutable', checkBoolean);

  // The Notifications API throws for these pairs, so Safari would drop the message.
  if (record.renotify === true && !record.tag)
    fail(field('renotify'), 'needs a tag (it re-alerts when a notification replaces one with the same tag)');
  if (record.silent === true && Array.isArray(record.vibrate) && record.vibrate.length > 0) {
    fail(field('vibrate'), 'must be left out when silent is true');
  }

  const notification: Record<string, unknown> = {};
  for (const name of NOTIFICATION_MEMBERS) {
    if (record[name] === undefined) continue;
    notification[name] =
      name === 'actions' ? (record.actions as DeclarativeAction[]).map(orderAction) : record[name];
  }
  const message: Record<string, unknown> = { web_push: DECLARATIVE_WEB_PUSH, notification };
  for (const name of MESSAGE_MEMBERS) if (record[name] !== undefined) message[name] = record[name];
  return message as unknown as DeclarativePushMessage;
}

function checkActions(value: unknown, name: string): void {
  if (!Array.isArray(value)) fail(name, 'must be an array of {action, title, navigate}');
  (value as unknown[]).forEach((item, index) => {
    const at = `${name}[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      fail(at, 'must be an object with action, title and navigate');
    }
    const action = item as Record<string, unknown>;
    refuseUnknownKeys(action, ACTION_MEMBERS, (key) => `${at}.${key}`);
    requireText(action.action, `${at}.action`);
    requireText(action.title, `${at}.title`);
    requireAbsoluteUrl(action.navigate, `${at}.navigate`);
    optional(action.icon, `${at}.icon`, checkUrlOrPath);
  });
}

function orderAction(action: DeclarativeAction): DeclarativeAction {
  const ordered: Record<string, unknown> = {};
  for (const name of ACTION_MEMBERS) if (action[name] !== undefined) ordered[name] = action[name];
  return ordered as unknown as DeclarativeAction;
}

function refuseUnknownKeys(
  record: Record<string, unknown>,
  known: readonly string[],
  nameOf: (key: string) => string,
): void {
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) {
      fail(nameOf(key), `is not a member of a declarative push message (known: ${known.join(', ')})`);
    }
  }
}

function optional(value: unknown, name: string, check: (value: unknown, name: string) => void): void {
  if (value !== undefined) check(value, name);
}

function fail(name: string, rule: string): never {
  throw new WebPushValidationError(name, rule);
}

function checkString(value: unknown, name: string): void {
  if (typeof value !== 'string') fail(name, 'must be a string');
}

function requireText(value: unknown, name: string): void {
  if (value === undefined) fail(name, 'is required');
  if (typeof value !== 'string' || value.trim() === '') fail(name, 'must be a non-empty string');
}

function checkBoolean(value: unknown, name: string): void {
  if (typeof value !== 'boolean') fail(name, 'must be true or false');
}

function checkUnsigned(value: unknown, name: string, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    fail(name, `must be a non-negative integer (at most ${max})`);
  }
}

function requireAbsoluteUrl(value: unknown, name: string): void {
  if (value === undefined) fail(name, 'is required');
  if (!isHttpUrl(value)) fail(name, 'must be an absolute https: or http: URL');
}

/** Icons may be relative: the browser resolves them against the subscription's scope. */
function checkUrlOrPath(value: unknown, name: string): void {
  const isPath = typeof value === 'string' && value.startsWith('/') && !value.startsWith('//');
  if (!isPath && !isHttpUrl(value)) fail(name, 'must be an https: or http: URL, or a path starting with /');
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function checkJson(value: unknown, name: string): void {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json === undefined) fail(name, 'must be a JSON value');
}
