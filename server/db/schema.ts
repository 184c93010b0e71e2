import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { MessageAction } from '../../shared/message-payload.ts';
import { CONTENT_ENCODINGS, URGENCIES } from '../../shared/webpush/vocabulary.ts';

// Times are stored as Unix milliseconds; Drizzle hands them out as Date.
const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  createdAt: createdAt(),
});

/** Cookie sessions. The cookie carries a random id; only its SHA-256 is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    kind: text('kind', { enum: ['user', 'admin'] }).notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sessions_expires_at_idx').on(t.expiresAt)],
);

export const subscriptions = sqliteTable(
  'subscriptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    endpoint: text('endpoint').notNull().unique(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    contentEncoding: text('content_encoding', { enum: CONTENT_ENCODINGS }).notNull(),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    lastSuccessAt: integer('last_success_at', { mode: 'timestamp_ms' }),
    lastFailureAt: integer('last_failure_at', { mode: 'timestamp_ms' }),
    /** Failures since the last success. */
    failureCount: integer('failure_count').notNull().default(0),
  },
  (t) => [index('subscriptions_user_id_idx').on(t.userId)],
);

export type StoredTarget = { type: 'all' } | { type: 'users'; userIds: number[] };

export const messages = sqliteTable('messages', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  title: text('title').notNull(),
  body: text('body').notNull(),
  url: text('url'),
  icon: text('icon'),
  image: text('image'),
  badge: text('badge'),
  /** null: the notification is tagged "message-<id>". */
  tag: text('tag'),
  actions: text('actions', { mode: 'json' }).$type<MessageAction[]>().notNull().default([]),
  requireInteraction: integer('require_interaction', { mode: 'boolean' }).notNull().default(false),
  silent: integer('silent', { mode: 'boolean' }).notNull().default(false),
  renotify: integer('renotify', { mode: 'boolean' }).notNull().default(false),
  vibrate: text('vibrate', { mode: 'json' }).$type<number[]>().notNull().default([]),
  /** When the event the notification tells of happened (shown by some browsers), not when it was sent. */
  timestamp: integer('timestamp', { mode: 'timestamp_ms' }),
  lang: text('lang'),
  dir: text('dir', { enum: ['auto', 'ltr', 'rtl'] }),
  appBadge: integer('app_badge'),
  /** The site's origin as the admin composed it: relative links are sent resolved against it. */
  origin: text('origin'),
  ttl: integer('ttl').notNull(),
  urgency: text('urgency', { enum: URGENCIES }).notNull(),
  topic: text('topic'),
  target: text('target', { mode: 'json' }).$type<StoredTarget>().notNull(),
  /** scheduled: waits for send_at, with no deliveries yet; cancelled: a schedule called off before it ran. */
  status: text('status', { enum: ['scheduled', 'cancelled', 'queued', 'sending', 'done'] }).notNull(),
  total: integer('total').notNull().default(0),
  delivered: integer('delivered').notNull().default(0),
  expired: integer('expired').notNull().default(0),
  failed: integer('failed').notNull().default(0),
  /** Deliveries with a receipt of each kind (receipt-store.ts keeps them in step with the deliveries). */
  shown: integer('shown').notNull().default(0),
  clicked: integer('clicked').notNull().default(0),
  closed: integer('closed').notNull().default(0),
  /** When a scheduled message is to go out. */
  sendAt: integer('send_at', { mode: 'timestamp_ms' }),
  /** Devices not reached by then are marked expired instead of being sent the message late. */
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
  startedAt: integer('started_at', { mode: 'timestamp_ms' }),
  finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
});

/**
 * One row per message and device, written before any push goes out (the fan-out is a durable job).
 * The user and push service are copied so the record survives the subscription being pruned.
 */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    messageId: integer('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    subscriptionId: integer('subscription_id').references(() => subscriptions.id, { onDelete: 'set null' }),
    pushService: text('push_service').notNull(),
    userId: integer('user_id').notNull(),
    userName: text('user_name').notNull(),
    outcome: text('outcome', { enum: ['pending', 'delivered', 'expired', 'failed'] })
      .notNull()
      .default('pending'),
    status: integer('status'),
    reason: text('reason'),
    attempts: integer('attempts').notNull().default(0),
    /**
     * Set, and committed, when a fan-out takes the delivery, before its push request starts. A pending
     * delivery with a claim was taken by a process that may have died with the request in flight.
     */
    claimedAt: integer('claimed_at', { mode: 'timestamp_ms' }),
    /** Receipts from the device's service worker (or the page a click opened), each written once. */
    shownAt: integer('shown_at', { mode: 'timestamp_ms' }),
    clickedAt: integer('clicked_at', { mode: 'timestamp_ms' }),
    /** The action button clicked; '' for the notification itself. */
    clickedAction: text('clicked_action'),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('deliveries_message_subscription_uq').on(t.messageId, t.subscriptionId),
    index('deliveries_message_outcome_idx').on(t.messageId, t.outcome, t.id),
    // (message_id, rowid): pages of one message's deliveries in id order, whatever their outcome.
    index('deliveries_message_idx').on(t.messageId),
    index('deliveries_subscription_idx').on(t.subscriptionId),
  ],
);

/** Server-wide values created on first start: the VAPID key pair, the admin token's hash. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});
