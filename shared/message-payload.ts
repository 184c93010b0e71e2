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
}

/** The tag a message's notification carries unless the admin chose one. */
export function defaultTag(messageId: number): string {
  return `message-${messageId}`;
}

/**
 * The JSON pushed for message `id` composed on `origin` ("https://app.example"). Every notification member
 * sits where the declarative format has it; `mutable: true` lets the kit's worker run on Safari too (it records
 * the push for the subscribe page), while Safari still shows the notification if the worker is gone.
 */
export function messagePayload(message: MessageContent & { id: number }, origin: string): string {
  return declarativePayload(declarativeInput(message, origin));
}

/** Bytes of `messagePayload` as UTF-8, also when over the limit (which `messagePayload` refuses). */
export function messagePayloadBytes(message: MessageContent & { id: number }, origin: string): number {
  const json = JSON.stringify(declarativeMessage(declarativeInput(message, origin)));
  return new TextEncoder().encode(json).length;
}

function declarativeInput(message: MessageContent & { id: number }, origin: string): DeclarativePayloadInput {
  const absolute = (link: string | null) => new URL(link ?? '/', origin).href;
  const input: DeclarativePayloadInput = {
    title: message.title,
    body: message.body,
    navigate: absolute(message.url),
    tag: message.tag ?? defaultTag(message.id),
    data: { messageId: message.id } satisfies KitNotificationData,
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
      navigate: absolute(action.url),
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
