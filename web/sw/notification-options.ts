import type { DeclarativeMessage } from '../lib/declarative-push.ts';
import { sitePath, type PushPayload } from '../lib/push-payload.ts';
import { DEFAULT_BADGE_PATH, DEFAULT_NOTIFICATION_ICON_PATH } from '../icons/icon-set.ts';

/** NotificationOptions with the members TypeScript's DOM types leave out (Chrome and Firefox read them). */
export interface RichNotificationOptions extends NotificationOptions {
  actions?: { action: string; title: string; icon?: string; navigate?: string }[];
  image?: string;
  renotify?: boolean;
  vibrate?: number[];
  timestamp?: number;
  /** WebKit's declarative extension: the URL Safari opens on click without the worker. */
  navigate?: string;
}

/** What the kit keeps in `Notification.data`: where a click goes, and the message's own data. */
export interface NotificationTarget {
  /** The link as the pages show it: a path on the site, or an absolute URL. */
  url: string;
  /** Absolute URL opened on click (declarative messages). */
  navigate?: string;
  /** Absolute URL opened for each action, by action id. */
  actions?: Record<string, string>;
  messageId: number | null;
  /** The declarative message's `notification.data`. */
  data?: unknown;
  /** The image and badge shown, kept here too: Firefox's Notification has no `image` or `badge` to read back. */
  image?: string;
  badge?: string;
  /** The delivery's receipt token: the worker reports shown, clicked and closed with it. */
  receipt?: string;
}

export interface ShownNotification {
  title: string;
  options: RichNotificationOptions;
}

/**
 * A declarative message shown as Safari shows it: every member as declared. Only a `mutable` one may be
 * changed by the worker (the proposal's rule); the kit then adds its default icon and badge where none is given.
 */
export function declaredNotification(message: DeclarativeMessage, origin: string): ShownNotification {
  const declared = message.notification;
  const target: NotificationTarget = {
    url: sitePath(declared.navigate, origin),
    navigate: declared.navigate,
    actions: Object.fromEntries(declared.actions.map((action) => [action.action, action.navigate])),
    messageId: messageIdOf(declared.data),
  };
  if (declared.data !== undefined) target.data = declared.data;
  const options: RichNotificationOptions = { body: declared.body, navigate: declared.navigate, data: target };
  const { lang, dir, tag, icon, image, badge, silent, requireInteraction, renotify, vibrate, timestamp } =
    declared;
  Object.assign(
    options,
    definedOnly({
      lang,
      dir,
      tag,
      icon,
      image,
      badge,
      silent,
      requireInteraction,
      renotify,
      vibrate,
      timestamp,
    }),
  );
  if (declared.actions.length > 0) options.actions = declared.actions.map((action) => ({ ...action }));
  if (message.mutable) addKitDefaults(options);
  Object.assign(target, definedOnly({ image: options.image, badge: options.badge }));
  return { title: declared.title, options };
}

/** The kit's older JSON (or text): the worker's own notification, with the kit's default icon and badge. */
export function legacyNotification(payload: PushPayload): ShownNotification {
  const target: NotificationTarget = { url: payload.url ?? '/', messageId: payload.messageId ?? null };
  const options: RichNotificationOptions = { body: payload.body, data: target };
  if (payload.icon) options.icon = payload.icon;
  if (payload.tag) options.tag = payload.tag;
  addKitDefaults(options);
  return { title: payload.title, options };
}

function addKitDefaults(options: RichNotificationOptions): void {
  options.icon ??= DEFAULT_NOTIFICATION_ICON_PATH;
  options.badge ??= DEFAULT_BADGE_PATH;
}

function messageIdOf(data: unknown): number | null {
  if (typeof data !== 'object' || data === null) return null;
  const { messageId } = data as { messageId?: unknown };
  return typeof messageId === 'number' && Number.isFinite(messageId) ? messageId : null;
}

function definedOnly<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}
