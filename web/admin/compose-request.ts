import type { MessageTarget, Urgency } from '../../shared/api-types.ts';
import { MESSAGE_LIMITS as LIMITS } from '../../shared/message-limits.ts';
import { isTopic, isUrgency, TOPIC_RULE, URGENCIES } from '../../shared/webpush/vocabulary.ts';
import { parseRich, tooLong, type RichFields, type RichValues } from './compose-rich.ts';
import { localToIso } from './schedule-time.ts';

/** The compose form as the user filled it (strings, as form controls hold them). */
export interface ComposeValues extends RichValues {
  title: string;
  body: string;
  url: string;
  icon: string;
  ttl: string;
  urgency: string;
  topic: string;
  target: string;
  oneUserId: string;
  chosenUserIds: number[];
  /** datetime-local values in the admin's time zone; empty: send now, no expiry. */
  sendAt?: string;
  expiresAt?: string;
}

/** The body of `POST /api/admin/messages`. */
export interface MessageRequest extends RichFields {
  title: string;
  body: string;
  url?: string;
  icon?: string;
  ttl?: number;
  urgency?: Urgency;
  topic?: string;
  target: MessageTarget;
  /** ISO 8601 with the admin's offset. */
  sendAt?: string;
  expiresAt?: string;
}

export type ComposeResult =
  { ok: true; request: MessageRequest } | { ok: false; field: keyof ComposeValues; message: string };

/**
 * Turns the form into a request, catching what the page can tell before sending (the server validates
 * everything again and its message is shown for the rest). Empty optional fields are left out.
 */
export function buildMessageRequest(values: ComposeValues): ComposeResult {
  const title = values.title.trim();
  if (title === '') return { ok: false, field: 'title', message: 'Title is required' };
  if (title.length > LIMITS.titleChars) {
    return { ok: false, field: 'title', message: tooLong('Title', LIMITS.titleChars, title.length) };
  }
  const body = values.body.trim();
  if (body.length > LIMITS.bodyChars) {
    return { ok: false, field: 'body', message: tooLong('Body', LIMITS.bodyChars, body.length) };
  }
  const rich = parseRich(values);
  if (!rich.ok) return rich;
  const request: MessageRequest = { title, body, ...rich.fields, target: { type: 'all' } };

  const url = values.url.trim();
  const icon = values.icon.trim();
  const topic = values.topic.trim();
  if (url) request.url = url;
  if (icon) request.icon = icon;
  if (topic) {
    if (!isTopic(topic)) return { ok: false, field: 'topic', message: `Topic ${TOPIC_RULE}` };
    request.topic = topic;
  }

  const ttl = values.ttl.trim();
  if (ttl !== '') {
    if (!/^\d+$/.test(ttl))
      return { ok: false, field: 'ttl', message: 'TTL must be a whole number of seconds (0 or more)' };
    request.ttl = Number(ttl);
  }
  if (values.urgency !== '') {
    if (!isUrgency(values.urgency))
      return { ok: false, field: 'urgency', message: `Urgency must be one of ${URGENCIES.join(', ')}` };
    request.urgency = values.urgency;
  }

  for (const field of ['sendAt', 'expiresAt'] as const) {
    const local = values[field]?.trim();
    if (!local) continue;
    const iso = localToIso(local);
    const label = field === 'sendAt' ? 'Send at' : 'Expires at';
    if (!iso)
      return { ok: false, field, message: `${label} is not a date and time that exists in your time zone` };
    request[field] = iso;
  }

  switch (values.target) {
    case 'all':
      break;
    case 'one': {
      const id = Number(values.oneUserId);
      if (values.oneUserId === '' || !Number.isInteger(id)) {
        return { ok: false, field: 'oneUserId', message: 'Choose the user to send to' };
      }
      request.target = { type: 'users', userIds: [id] };
      break;
    }
    case 'chosen':
      if (values.chosenUserIds.length === 0) {
        return { ok: false, field: 'chosenUserIds', message: 'Tick at least one user in the list' };
      }
      request.target = { type: 'users', userIds: [...new Set(values.chosenUserIds)] };
      break;
    default:
      return { ok: false, field: 'target', message: 'Choose who receives the message' };
  }
  return { ok: true, request };
}
