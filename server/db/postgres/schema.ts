import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { MessageAction } from '../../../shared/message-payload.ts';
import { CONTENT_ENCODINGS, URGENCIES } from '../../../shared/webpush/vocabulary.ts';
import type { StoredTarget } from '../schema.ts';

// The Postgres mirror of ../schema.ts (SQLite): same tables, columns and indexes under the same names, so
// both dialects read into the same row shapes. Where Postgres has a native type it is used (timestamptz,
// boolean, jsonb, identity ids); `drizzle-kit generate --config drizzle.postgres.config.ts` writes
// migrations/postgres/. Keep the two files in step.

// Drizzle hands timestamptz out as Date, as the SQLite schema does its Unix milliseconds.
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => at('created_at').notNull().defaultNow();
const id = () => integer('id').primaryKey().generatedByDefaultAsIdentity();

export const users = pgTable('users', {
  id: id(),
  name: text('name').notNull().unique(),
  createdAt: createdAt(),
});

/** Cookie sessions. The cookie carries a random id; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    kind: text('kind', { enum: ['user', 'admin'] }).notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [index('sessions_expires_at_idx').on(t.expiresAt)],
);

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    endpoint: text('endpoint').notNull().unique(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    contentEncoding: text('content_encoding', { enum: CONTENT_ENCODINGS }).notNull(),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull(),
    lastSuccessAt: at('last_success_at'),
    lastFailureAt: at('last_failure_at'),
    /** Failures since the last success. */
    failureCount: integer('failure_count').notNull().default(0),
  },
  (t) => [index('subscriptions_user_id_idx').on(t.userId)],
);

export const messages = pgTable('messages', {
  id: id(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  url: text('url'),
  icon: text('icon'),
  image: text('image'),
  badge: text('badge'),
  /** null: the notification is tagged "message-<id>". */
  tag: text('tag'),
  actions: jsonb('actions').$type<MessageAction[]>().notNull().default([]),
  requireInteraction: boolean('require_interaction').notNull().default(false),
  silent: boolean('silent').notNull().default(false),
  renotify: boolean('renotify').notNull().default(false),
  vibrate: jsonb('vibrate').$type<number[]>().notNull().default([]),
  /** When the event the notification tells of happened (shown by some browsers), not when it was sent. */
  timestamp: at('timestamp'),
  lang: text('lang'),
  dir: text('dir', { enum: ['auto', 'ltr', 'rtl'] }),
  appBadge: integer('app_badge'),
  /** The site's origin as the admin composed it: relative links are sent resolved against it. */
  origin: text('origin'),
  ttl: integer('ttl').notNull(),
  urgency: text('urgency', { enum: URGENCIES }).notNull(),
  topic: text('topic'),
  target: jsonb('target').$type<StoredTarget>().notNull(),
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
  sendAt: at('send_at'),
  /** Devices not reached by then are marked expired instead of being sent the message late. */
  expiresAt: at('expires_at'),
  createdAt: createdAt(),
  startedAt: at('started_at'),
  finishedAt: at('finished_at'),
});

/**
 * One row per message and device, written before any push goes out (the fan-out is a durable job).
 * The user and push service are copied so the record survives the subscription being pruned.
 * The id is 64-bit (one row per message and device adds up); Drizzle reads it as a number.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
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
    claimedAt: at('claimed_at'),
    /** The instance holding the claim (see delivery-claims.ts); with claimedUntil, the lease. */
    claimedBy: text('claimed_by'),
    /** The lease's end, by the database's clock: past it, any instance may take the delivery over. */
    claimedUntil: at('claimed_until'),
    /** Receipts from the device's service worker (or the page a click opened), each written once. */
    shownAt: at('shown_at'),
    clickedAt: at('clicked_at'),
    /** The action button clicked; '' for the notification itself. */
    clickedAction: text('clicked_action'),
    closedAt: at('closed_at'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('deliveries_message_subscription_uq').on(t.messageId, t.subscriptionId),
    index('deliveries_message_outcome_idx').on(t.messageId, t.outcome, t.id),
    // A message's deliveries in id order (the admin's pages): what SQLite's (message_id) index is there, where
    // the rowid is the index's last column. On message_id alone, Postgres walked the primary key from the first
    // delivery of every older message.
    index('deliveries_message_idx').on(t.messageId, t.id),
    index('deliveries_subscription_idx').on(t.subscriptionId),
  ],
);

/** Server-wide values created on first start: the VAPID key pair, the admin token's hash. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: at('updated_at').notNull(),
});

/**
 * Token buckets of the public API's rate limits, shared by every instance (SQLite's single instance keeps
 * them in memory). Times are Unix milliseconds and tokens a double, so the refill is the same float
 * arithmetic as the in-memory TokenBuckets and a Retry-After comes out to the same millisecond.
 */
export const rateLimitBuckets = pgTable(
  'rate_limit_buckets',
  {
    /** Which limit ("subscriptions", "admin-login"): each has its own rate. */
    limiter: text('limiter').notNull(),
    /** Whose bucket: the client's address key. */
    key: text('key').notNull(),
    tokens: doublePrecision('tokens').notNull(),
    refilledAt: bigint('refilled_at', { mode: 'number' }).notNull(),
    /** Whether the latest take found a token (the upsert's RETURNING cannot see the old row). */
    allowed: boolean('allowed').notNull(),
  },
  (t) => [primaryKey({ columns: [t.limiter, t.key] })],
);
