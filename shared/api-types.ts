/**
 * Shapes the HTTP API answers with (server/ produces them, web/ reads them).
 * Times are ISO 8601 strings, or null when the event has not happened.
 */
import type { FunnelCounts, FunnelRates } from './funnel.ts';
import type { MessageAction, NotificationDir } from './message-payload.ts';
import type { ContentEncoding, Urgency } from './webpush/vocabulary.ts';

export type { ContentEncoding, MessageAction, NotificationDir, Urgency };

export type ApiErrorCode =
  | 'validation_failed'
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal_error';

/** The one error shape of every failed request. `field` is present for validation errors. */
export interface ApiError {
  error: {
    status: number;
    code: ApiErrorCode;
    message: string;
    field?: string;
  };
}

export interface User {
  id: number;
  name: string;
}

/** A stored push subscription, as its owner and the admin see it (never the endpoint or keys). */
export interface Device {
  id: number;
  /** Origin of the endpoint, e.g. "https://updates.push.services.mozilla.com". */
  pushService: string;
  contentEncoding: ContentEncoding;
  userAgent: string | null;
  createdAt: string;
  updatedAt: string;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  failureCount: number;
}

export interface AdminUser extends User {
  createdAt: string;
  devices: Device[];
}

export type MessageTarget = { type: 'all' } | { type: 'users'; userIds: number[] };
/** scheduled: waiting for its time (no deliveries yet); cancelled: a schedule called off before it ran. */
export type MessageStatus = 'scheduled' | 'cancelled' | 'queued' | 'sending' | 'done';

export interface Message {
  id: number;
  title: string;
  body: string;
  url: string | null;
  icon: string | null;
  image: string | null;
  badge: string | null;
  /** null: the notification is tagged "message-<id>". */
  tag: string | null;
  actions: MessageAction[];
  requireInteraction: boolean;
  silent: boolean;
  renotify: boolean;
  vibrate: number[];
  /** When the event happened (shown by some browsers), or null. */
  timestamp: string | null;
  lang: string | null;
  dir: NotificationDir | null;
  appBadge: number | null;
  ttl: number;
  urgency: Urgency;
  topic: string | null;
  target: MessageTarget;
  status: MessageStatus;
  total: number;
  /** Accepted by the push service (it answered 201): the device shows it once it is reachable. */
  accepted: number;
  expired: number;
  failed: number;
  pending: number;
  /** Devices whose worker reported the notification shown, clicked, closed (receipts; see README). */
  shown: number;
  clicked: number;
  closed: number;
  /** When a scheduled message goes (or went) out, ISO 8601; null when sent at once. */
  sendAt: string | null;
  /** Devices not reached by then are marked expired; null: no expiry beyond the TTL. */
  expiresAt: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/**
 * `accepted`: the push service took the push (201), which is all a sender can know; it is not proof that the
 * device showed it. `expired`: the subscription is gone (404/410). `failed`: anything else.
 */
export type DeliveryOutcome = 'pending' | 'accepted' | 'expired' | 'failed';

export interface Delivery {
  id: number;
  /** null once the subscription was removed (expired and pruned, or unsubscribed). */
  subscriptionId: number | null;
  userId: number;
  userName: string;
  pushService: string;
  outcome: DeliveryOutcome;
  /** The push service's HTTP status, or null if it did not answer (or nothing was sent yet). */
  status: number | null;
  /** The push service's message for a failure or expiry, or null. */
  reason: string | null;
  attempts: number;
  /** When the device's worker reported it shown, clicked (and the action, '' for the notification), closed. */
  shownAt: string | null;
  clickedAt: string | null;
  clickedAction: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One device's result of a synchronous send (`POST /api/subscriptions/test`). */
export interface DeliveryResult {
  deviceId: number;
  pushService: string;
  outcome: Exclude<DeliveryOutcome, 'pending'>;
  status: number | null;
  reason: string | null;
}

/**
 * The kit's own push JSON, older than Declarative Web Push: the test push sends it, and so does a message
 * queued by an older version. The service worker reads it (web/lib/push-payload.ts turns it, or a declarative
 * message, into the `PushPayload` the pages list).
 */
export interface KitPushJson {
  title: string;
  body: string;
  url: string | null;
  icon: string | null;
  /** "message-<id>" for admin messages, "test-<time>" for test pushes. */
  tag: string;
  /** null for a test push. */
  messageId: number | null;
}

/** `GET /api/admin/messages/:id/funnel`: the counts, their rates, and the cumulative counts over time. */
export interface MessageFunnel {
  counts: FunnelCounts;
  rates: FunnelRates;
  timeline: { at: string; accepted: number; shown: number; clicked: number; closed: number }[];
}
