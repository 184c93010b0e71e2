/**
 * The push payload of an admin message, in the Declarative Web Push format: Safari 18.4+ shows it without the
 * service worker, and the kit's worker shows the same JSON everywhere else. The server sends it and the admin
 * page measures it with this one function, so the size shown while typing is the size sent.
 */
import {
  declarativeMessage,
  declarativePayload,
  type DeclarativePayloadInput,
} from './webpush/declarative.ts';

export type NotificationDir = 'auto' | 'ltr' | 'rtl';

export interface MessageAction {
  title: string;
  /** A path on the site ("/news/1") or an http(s) URL. */
  url: string;
}

/** What an admin message shows; links may be paths, resolved against the site's origin when sent. */
export interface MessageContent {
  title: string;
  body: string;
  url: string | null;
  icon: string | null;
  image: string | null;
  badge: string | null;
  /** Replaces an earlier notification with the same tag; null: "message-<id>". */
  tag: string | null;
  actions: MessageAction[];
  requireInteraction: boolean;
  silent: boolean;
  renotify: boolean;
  vibrate: number[];
  /** When the event happened, ms since 1970. */
  timestamp: number | null;
  lang: string | null;
  dir: NotificationDir | null;
  appBadge: number | null;
}

/** What `data` of the notification carries for the kit (the subscribe page lists pushes by message id). */
export interface KitNotificationData {
  messageId: number | null;
  /** The delivery's receipt token (server/push/receipt-token.ts), when receipts are on. */
  receipt?: string;
}

/**
 * Query parameters a link on the site carries so the page it opens can report the click (Safari opens a
 * declarative message's links without running the worker): the token, and the action chosen.
 */
export const RECEIPT_PARAM = 'receipt';
export const RECEIPT_ACTION_PARAM = 'receipt_action';
/** The longest receipt token, so that sizes measured before the delivery exists hold when it is sent. */
const LONGEST_RECEIPT = `${'9'.repeat(16)}.${'z'.repeat(10)}.${'A'.repeat(22)}`;

/** The tag a message's notification carries unless the admin chose one. */
export function defaultTag(messageId: number): string {
  return `message-${messageId}`;
}

/**
 * The JSON pushed for message `id` composed on `origin` ("https://app.example"). Every notification member
 * sits where the declarative format has it; `mutable: true` lets the kit's worker run on Safari too (it records
 * the push for the subscribe page), while Safari still shows the notification if the worker is gone.
 */
export function messagePayload(
  message: MessageContent & { id: number },
  origin: string,
  receipt: string | null = null,
): string {
  return declarativePayload(declarativeInput(message, origin, receipt));
}

/**
 * Bytes of `messagePayload` as UTF-8, also when over the limit (which `messagePayload` refuses), with room for
 * the longest receipt token (whether receipts are on is the server's business, the limit is the same).
 */
export function messagePayloadBytes(message: MessageContent & { id: number }, origin: string): number {
  const json = JSON.stringify(declarativeMessage(declarativeInput(message, origin, LONGEST_RECEIPT)));
  return new TextEncoder().encode(json).length;
}

function declarativeInput(
  message: MessageContent & { id: number },
  origin: string,
  receipt: string | null,
): DeclarativePayloadInput {
  const absolute = (link: string | null, action?: string) =>
    withReceipt(new URL(link ?? '/', origin), origin, receipt, action);
  const data: KitNotificationData = { messageId: message.id };
  if (receipt) data.receipt = receipt;
  const input: DeclarativePayloadInput = {
    title: message.title,
    body: message.body,
    navigate: absolute(message.url),
    tag: message.tag ?? defaultTag(message.id),
    data,
    mutable: true,
  };
  if (message.lang) input.lang = message.lang;
  if (message.dir) input.dir = message.dir;
  if (message.icon) input.icon = message.icon;
  if (message.image) input.image = message.image;
  if (message.badge) input.badge = message.badge;
  if (message.actions.length > 0) {
    input.actions = message.actions.map((action, index) => ({
      action: `action-${index + 1}`,
      title: action.title,
      navigate: absolute(action.url, `action-${index + 1}`),
    }));
  }
  if (message.requireInteraction) input.requireInteraction = true;
  if (message.silent) input.silent = true;
  if (message.renotify) input.renotify = true;
  if (message.vibrate.length > 0) input.vibrate = message.vibrate;
  if (message.timestamp !== null) input.timestamp = message.timestamp;
  if (message.appBadge !== null) input.app_badge = message.appBadge;
  return input;
}

/** A link on the site gets the receipt parameters; a link elsewhere never carries the token off the site. */
function withReceipt(url: URL, origin: string, receipt: string | null, action?: string): string {
  if (!receipt || url.origin !== new URL(origin).origin) return url.href;
  url.searchParams.set(RECEIPT_PARAM, receipt);
  if (action) url.searchParams.set(RECEIPT_ACTION_PARAM, action);
  return url.href;
}
