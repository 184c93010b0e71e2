import type { Delivery, DeliveryOutcome, Device, Message } from '../../shared/api-types.ts';
import type { DeliveryRow, StoredDeliveryOutcome } from '../db/delivery-store.ts';
import type { MessageRow } from '../db/message-store.ts';
import type { SubscriptionRow } from '../db/subscription-store.ts';
import { pushServiceOf } from '../push/push-service.ts';

/**
 * The database keeps its first word for a 201, `delivered` (column `messages.delivered`, outcome value
 * `delivered`); the API says what a 201 means, `accepted` by the push service. Mapped here, at the edge, so
 * the schema and its migrations stay as they are.
 */
type ApiOutcome<T extends StoredDeliveryOutcome> = T extends 'delivered' ? 'accepted' : T;
type StoredOf<T extends DeliveryOutcome> = T extends 'accepted' ? 'delivered' : T;

export function apiOutcome<T extends StoredDeliveryOutcome>(outcome: T): ApiOutcome<T> {
  return (outcome === 'delivered' ? 'accepted' : outcome) as ApiOutcome<T>;
}

export function storedOutcome<T extends DeliveryOutcome>(outcome: T): StoredOf<T> {
  return (outcome === 'accepted' ? 'delivered' : outcome) as StoredOf<T>;
}

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export function toDevice(row: SubscriptionRow): Device {
  return {
    id: row.id,
    pushService: pushServiceOf(row.endpoint),
    contentEncoding: row.contentEncoding,
    userAgent: row.userAgent,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    lastSuccessAt: isoOrNull(row.lastSuccessAt),
    lastFailureAt: isoOrNull(row.lastFailureAt),
    failureCount: row.failureCount,
  };
}

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    url: row.url,
    icon: row.icon,
    image: row.image,
    badge: row.badge,
    tag: row.tag,
    actions: row.actions,
    requireInteraction: row.requireInteraction,
    silent: row.silent,
    renotify: row.renotify,
    vibrate: row.vibrate,
    timestamp: isoOrNull(row.timestamp),
    lang: row.lang,
    dir: row.dir,
    appBadge: row.appBadge,
    ttl: row.ttl,
    urgency: row.urgency,
    topic: row.topic,
    target: row.target,
    status: row.status,
    total: row.total,
    accepted: row.delivered,
    expired: row.expired,
    failed: row.failed,
    pending: row.total - row.delivered - row.expired - row.failed,
    shown: row.shown,
    clicked: row.clicked,
    closed: row.closed,
    sendAt: isoOrNull(row.sendAt),
    expiresAt: isoOrNull(row.expiresAt),
    createdAt: iso(row.createdAt),
    startedAt: isoOrNull(row.startedAt),
    finishedAt: isoOrNull(row.finishedAt),
  };
}

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    subscriptionId: row.subscriptionId,
    userId: row.userId,
    userName: row.userName,
    pushService: row.pushService,
    outcome: apiOutcome(row.outcome),
    status: row.status,
    reason: row.reason,
    attempts: row.attempts,
    shownAt: isoOrNull(row.shownAt),
    clickedAt: isoOrNull(row.clickedAt),
    clickedAction: row.clickedAction,
    closedAt: isoOrNull(row.closedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
