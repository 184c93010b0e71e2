import type { MessageContent, NotificationDir } from '../../shared/message-payload.ts';
import { actionsOf, vibrateOf, type RichValues } from './compose-rich.ts';

/** The form's text fields the notification shows. */
export interface ContentValues extends RichValues {
  title: string;
  body: string;
  url: string;
  icon: string;
}

const DIRS: readonly NotificationDir[] = ['auto', 'ltr', 'rtl'];

/**
 * What the notification will show for the form as it is now, read leniently (a half-typed field is left out
 * rather than refused): the preview draws it and the size check measures it while the admin types.
 */
export function draftContent(values: ContentValues): MessageContent {
  const optional = (value: string) => (value.trim() === '' ? null : value.trim());
  const timestamp = values.timestamp.trim() ? new Date(values.timestamp.trim()).getTime() : NaN;
  const appBadge = /^\d+$/.test(values.appBadge.trim()) ? Number(values.appBadge.trim()) : null;
  const silent = values.silent;
  return {
    title: values.title.trim(),
    body: values.body.trim(),
    url: optional(values.url),
    icon: optional(values.icon),
    image: optional(values.image),
    badge: optional(values.badge),
    tag: optional(values.tag),
    actions: actionsOf(values).actions,
    requireInteraction: values.requireInteraction,
    silent,
    renotify: values.renotify && optional(values.tag) !== null,
    vibrate: silent ? [] : (vibrateOf(values.vibrate) ?? []),
    timestamp: Number.isNaN(timestamp) ? null : timestamp,
    lang: optional(values.lang),
    dir: DIRS.find((dir) => dir === values.dir) ?? null,
    appBadge: appBadge !== null && Number.isSafeInteger(appBadge) ? appBadge : null,
  };
}
