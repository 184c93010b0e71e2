import type { MessageTarget } from '../../shared/api-types.ts';
import type { MessageContent } from '../../shared/message-payload.ts';
import type { Urgency } from '@starter-kit/webpush/node';

/** The fields of the content that may be left out (they take the defaults of `messageContent`). */
type OptionalContent = Exclude<keyof MessageContent, 'title' | 'body' | 'timestamp'>;

/** A message to send, as the admin API accepted it (its validated body); optional fields take defaults here. */
export type NewMessage = { [K in OptionalContent]?: MessageContent[K] } & {
  title: string;
  body: string;
  /** ISO 8601 date-time of the event the notification tells of. */
  timestamp?: string | null;
  /** Seconds a push service keeps the message for an offline device (default DEFAULT_MESSAGE_TTL). */
  ttl?: number;
  urgency?: Urgency;
  topic?: string | null;
  target: MessageTarget;
};

/**
 * An admin message waits a day for an offline device unless it says otherwise: shorter than the library's
 * DEFAULT_TTL (4 weeks), because a broadcast that arrives weeks late is mostly noise.
 */
export const DEFAULT_MESSAGE_TTL = 24 * 3600;

/** What the notification shows, with the defaults of every optional field. */
export function messageContent(message: NewMessage): MessageContent {
  return {
    title: message.title,
    body: message.body,
    url: message.url ?? null,
    icon: message.icon ?? null,
    image: message.image ?? null,
    badge: message.badge ?? null,
    tag: message.tag ?? null,
    actions: message.actions ?? [],
    requireInteraction: message.requireInteraction ?? false,
    silent: message.silent ?? false,
    renotify: message.renotify ?? false,
    vibrate: message.vibrate ?? [],
    timestamp: message.timestamp ? Date.parse(message.timestamp) : null,
    lang: message.lang ?? null,
    dir: message.dir ?? null,
    appBadge: message.appBadge ?? null,
  };
}
