import type { MessageAction, NotificationDir } from '../../shared/api-types.ts';
import { MESSAGE_LIMITS as LIMITS } from '../../shared/message-limits.ts';

/** The rich-notification part of the compose form, as its controls hold it. */
export interface RichValues {
  image: string;
  badge: string;
  tag: string;
  action1Title: string;
  action1Url: string;
  action2Title: string;
  action2Url: string;
  requireInteraction: boolean;
  silent: boolean;
  renotify: boolean;
  /** Milliseconds separated by commas or spaces: "200, 100, 200". */
  vibrate: string;
  /** A datetime-local value ("2026-12-01T09:30"), in the admin's time zone. */
  timestamp: string;
  lang: string;
  dir: string;
  appBadge: string;
}

/** The rich fields of `POST /api/admin/messages`; empty ones are left out. */
export interface RichFields {
  image?: string;
  badge?: string;
  tag?: string;
  actions?: MessageAction[];
  requireInteraction?: boolean;
  silent?: boolean;
  renotify?: boolean;
  vibrate?: number[];
  timestamp?: string;
  lang?: string;
  dir?: NotificationDir;
  appBadge?: number;
}

export type RichResult =
  { ok: true; fields: RichFields } | { ok: false; field: keyof RichValues; message: string };

const DIRS: readonly NotificationDir[] = ['auto', 'ltr', 'rtl'];

/** "Title must be at most 100 characters (it has 120)": the one wording of a length limit on the page. */
export function tooLong(label: string, max: number, length: number): string {
  return `${label} must be at most ${max} characters (it has ${length})`;
}

/** The two action rows, each complete or empty. */
export function actionsOf(values: RichValues): { actions: MessageAction[]; incomplete: 1 | 2 | null } {
  const actions: MessageAction[] = [];
  const rows = [
    [values.action1Title.trim(), values.action1Url.trim()],
    [values.action2Title.trim(), values.action2Url.trim()],
  ] as const;
  let incomplete: 1 | 2 | null = null;
  rows.forEach(([title, url], index) => {
    if (title && url) actions.push({ title, url });
    else if ((title || url) && incomplete === null) incomplete = (index + 1) as 1 | 2;
  });
  return { actions, incomplete };
}

/** The vibration pattern, or null if it is not a list of whole milliseconds. */
export function vibrateOf(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (!parts.every((part) => /^\d+$/.test(part))) return null;
  return parts.map(Number);
}

/** Checks what the page can check of the rich fields (the server validates everything again). */
export function parseRich(values: RichValues): RichResult {
  const fields: RichFields = {};
  const image = values.image.trim();
  const badge = values.badge.trim();
  const tag = values.tag.trim();
  const lang = values.lang.trim();
  if (image) fields.image = image;
  if (badge) fields.badge = badge;
  if (tag) {
    if (tag.length > LIMITS.tagChars) {
      return { ok: false, field: 'tag', message: tooLong('Tag', LIMITS.tagChars, tag.length) };
    }
    fields.tag = tag;
  }

  const { actions, incomplete } = actionsOf(values);
  if (incomplete !== null) {
    const field = values[`action${incomplete}Title`].trim()
      ? `action${incomplete}Url`
      : `action${incomplete}Title`;
    return {
      ok: false,
      field: field as keyof RichValues,
      message: `Action ${incomplete} needs both a label and a link`,
    };
  }
  const longTitle = actions.findIndex((action) => action.title.length > LIMITS.actionTitleChars);
  if (longTitle >= 0) {
    return {
      ok: false,
      field: `action${longTitle + 1}Title` as keyof RichValues,
      message: tooLong(
        `Action ${longTitle + 1}'s label`,
        LIMITS.actionTitleChars,
        actions[longTitle]!.title.length,
      ),
    };
  }
  if (actions.length > 0) fields.actions = actions;

  if (values.requireInteraction) fields.requireInteraction = true;
  if (values.silent) fields.silent = true;
  if (values.renotify) {
    if (!tag) {
      return {
        ok: false,
        field: 'tag',
        message: 'Renotify needs a tag: it alerts again when a message replaces one with the same tag',
      };
    }
    fields.renotify = true;
  }

  const vibrate = vibrateOf(values.vibrate);
  if (vibrate === null) {
    return {
      ok: false,
      field: 'vibrate',
      message: 'Vibrate must be milliseconds separated by commas, like 200, 100, 200',
    };
  }
  if (vibrate.length > LIMITS.vibrateSteps) {
    return { ok: false, field: 'vibrate', message: `Vibrate takes at most ${LIMITS.vibrateSteps} durations` };
  }
  if (vibrate.some((ms) => ms > LIMITS.vibrateStepMs)) {
    return {
      ok: false,
      field: 'vibrate',
      message: `Each vibration lasts at most ${LIMITS.vibrateStepMs} ms`,
    };
  }
  if (vibrate.length > 0) {
    if (values.silent)
      return { ok: false, field: 'vibrate', message: 'A silent notification cannot vibrate' };
    fields.vibrate = vibrate;
  }

  if (values.timestamp.trim()) {
    const at = new Date(values.timestamp.trim());
    if (Number.isNaN(at.getTime()))
      return { ok: false, field: 'timestamp', message: 'Event time is not a date and time' };
    fields.timestamp = at.toISOString();
  }
  if (lang) fields.lang = lang;
  if (values.dir !== '') {
    const dir = DIRS.find((candidate) => candidate === values.dir);
    if (!dir) return { ok: false, field: 'dir', message: 'Direction must be auto, ltr or rtl' };
    fields.dir = dir;
  }
  const appBadge = values.appBadge.trim();
  if (appBadge !== '') {
    if (!/^\d+$/.test(appBadge) || !Number.isSafeInteger(Number(appBadge))) {
      return { ok: false, field: 'appBadge', message: 'App badge must be a whole number (0 clears it)' };
    }
    fields.appBadge = Number(appBadge);
  }
  return { ok: true, fields };
}
