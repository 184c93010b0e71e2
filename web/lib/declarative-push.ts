/**
 * Reads a Declarative Web Push message the way the Push API draft's "declarative push message parser" does
 * (what Safari 18.4+ shows without a worker), so the kit's worker can show the same notification in browsers
 * that do not parse it themselves. Like a browser, it drops members of the wrong type and fails only when the
 * message is not declarative: not JSON, no `"web_push": 8030`, or no string `title` and URL `navigate`.
 */

export interface DeclaredAction {
  action: string;
  title: string;
  /** Absolute URL opened when the action is chosen. */
  navigate: string;
  icon?: string;
}

/** The notification a declarative push message describes. */
export interface DeclaredNotification {
  title: string;
  /** Absolute URL opened when the notification is clicked. */
  navigate: string;
  body: string;
  lang?: string;
  dir?: NotificationDirection;
  tag?: string;
  icon?: string;
  image?: string;
  badge?: string;
  actions: DeclaredAction[];
  silent?: boolean;
  requireInteraction?: boolean;
  renotify?: boolean;
  vibrate?: number[];
  timestamp?: number;
  data?: unknown;
}

export interface DeclarativeMessage {
  notification: DeclaredNotification;
  /** The app badge to set (0 clears it), or null to leave it. */
  appBadge: number | null;
  /** true: a service worker may change the notification before it is shown. */
  mutable: boolean;
}

const DIRECTIONS: readonly NotificationDirection[] = ['auto', 'ltr', 'rtl'];

/** The declarative message in `value` (parsed JSON), resolving URLs against `baseUrl`; null if it is not one. */
export function readDeclarative(value: unknown, baseUrl: string): DeclarativeMessage | null {
  if (!isRecord(value) || value.web_push !== 8030 || !isRecord(value.notification)) return null;
  const input = value.notification;
  if (typeof input.title !== 'string') return null;
  const navigate = url(input.navigate, baseUrl);
  if (!navigate) return null;

  const notification: DeclaredNotification = {
    title: input.title,
    navigate,
    body: typeof input.body === 'string' ? input.body : '',
    actions: actionsOf(input.actions, baseUrl),
  };
  for (const name of ['lang', 'tag'] as const) {
    if (typeof input[name] === 'string') notification[name] = input[name];
  }
  for (const name of ['icon', 'image', 'badge'] as const) {
    const resolved = url(input[name], baseUrl);
    if (resolved) notification[name] = resolved;
  }
  if (DIRECTIONS.includes(input.dir as NotificationDirection))
    notification.dir = input.dir as NotificationDirection;
  for (const name of ['silent', 'requireInteraction', 'renotify'] as const) {
    if (typeof input[name] === 'boolean') notification[name] = input[name];
  }
  if (Array.isArray(input.vibrate) && input.vibrate.every(isUnsigned)) notification.vibrate = input.vibrate;
  if (isUnsigned(input.timestamp)) notification.timestamp = input.timestamp;
  if (input.data !== undefined) notification.data = input.data;
  // The Notifications API refuses these combinations; a browser would drop the message, the worker drops the
  // member instead so that something is still shown (a push must show a notification).
  if (notification.renotify && !notification.tag) delete notification.renotify;
  if (notification.silent && notification.vibrate) delete notification.vibrate;

  return {
    notification,
    appBadge: isUnsigned(value.app_badge) ? value.app_badge : null,
    mutable: value.mutable === true,
  };
}

function actionsOf(value: unknown, baseUrl: string): DeclaredAction[] {
  if (!Array.isArray(value)) return [];
  const actions: DeclaredAction[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.action !== 'string' || typeof item.title !== 'string') continue;
    const navigate = url(item.navigate, baseUrl);
    if (!navigate) continue;
    const action: DeclaredAction = { action: item.action, title: item.title, navigate };
    const icon = url(item.icon, baseUrl);
    if (icon) action.icon = icon;
    actions.push(action);
  }
  return actions;
}

function url(value: unknown, baseUrl: string): string | null {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const parsed = new URL(value, baseUrl);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function isUnsigned(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
