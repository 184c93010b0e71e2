// The data layer as the rest of the server sees it: one async API, two implementations (sqlite-store.ts
// over the embedded file, postgres/store.ts over a Postgres database shared by several instances).
// Rows have the same shape from both (the Postgres schema mirrors the SQLite one).
import type { ContentEncoding } from '@starter-kit/webpush/node';
import type { DeliveryPageRequest, PendingPush, RecordedOutcome } from './delivery-store.ts';
import type { MessageRow, NewMessageRow } from './message-store.ts';
import type { FunnelPoint } from './funnel-store.ts';
import type { Receipt, ReceiptKind } from './receipt-store.ts';
import type { deliveries, sessions, subscriptions } from './schema.ts';
import type { NewSession, SessionKind } from './session-store.ts';
import type { PushOutcome } from './push-outcome.ts';
import type { NewSubscription } from './subscription-store.ts';
import type { UserName, UserRow } from './user-store.ts';
import type { MessageListenerOptions } from './postgres/message-notifier.ts';
import type { BucketRate, PostgresTokenBuckets } from './postgres/rate-limit-buckets.ts';

export type { SessionKind };
export type Dialect = 'sqlite' | 'postgres';
export type SessionRow = typeof sessions.$inferSelect;
export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type DeliveryRow = typeof deliveries.$inferSelect;

/** A delivery taken by this instance until its lease ends; `push` is null when the device is gone. */
export interface LeasedDelivery {
  id: number;
  push: PendingPush | null;
}

export interface DeliveryClaim {
  messageId: number;
  /** Deliveries to devices of this encoding, and those whose device is gone. */
  encoding: ContentEncoding;
  limit: number;
  /** Unique per process; what claimed_by records. */
  instanceId: string;
  leaseMs: number;
}

export interface SessionStore {
  insert(session: NewSession): Promise<void>;
  /** The session of this kind under `idHash`, if it exists and has not expired at `now`. */
  findLive(idHash: string, kind: SessionKind, now: number): Promise<SessionRow | undefined>;
  deleteByHash(idHash: string): Promise<void>;
  deleteOfKind(kind: SessionKind): Promise<void>;
  deleteExpired(now: number): Promise<void>;
}

export interface UserStore {
  ofSession(idHash: string, now: number): Promise<UserName | undefined>;
  findOrCreate(name: string): Promise<UserName>;
  withDevices(): Promise<{ user: UserRow; devices: SubscriptionRow[] }[]>;
  existingIds(ids: readonly number[]): Promise<Set<number>>;
}

export interface SettingStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** Stores `value` unless the key exists; returns what is stored (so two first starts agree). */
  setIfAbsent(key: string, value: string): Promise<{ value: string; created: boolean }>;
}

/** An upsert's result: the stored row, or a refusal because the user already has `devices` (the cap). */
export type UpsertResult =
  | { row: SubscriptionRow; created: boolean; refused?: undefined }
  | { refused: 'device-cap'; devices: number };

export interface UpsertOptions {
  /** An old endpoint of the same user (after `pushsubscriptionchange`), deleted in the same transaction. */
  replaces?: string;
  /**
   * Refuse a new device once the user has this many. Re-subscribing an endpoint the user owns is an update
   * and always passes; an endpoint in `replaces` that the user owns does not count. Checked in the write's
   * own transaction, so concurrent subscribes cannot pass it together.
   */
  maxDevices: number;
}

export interface SubscriptionStore {
  /** The endpoint is the identity: subscribing again with it updates the row (new keys, the current owner). */
  upsert(input: NewSubscription, options: UpsertOptions): Promise<UpsertResult>;
  /** Success stamps the device, failure counts against it, expiry (404/410) deletes it. */
  recordOutcome(subscriptionId: number, outcome: PushOutcome, at: Date): Promise<void>;
  findByEndpoint(endpoint: string): Promise<{ id: number; userId: number } | undefined>;
  ofUser(userId: number): Promise<SubscriptionRow[]>;
  deleteOwn(userId: number, id: number): Promise<boolean>;
  countUpTo(userId: number, max: number): Promise<number>;
}

export interface MessageStore {
  byId(id: number): Promise<MessageRow | undefined>;
  recent(limit: number): Promise<MessageRow[]>;
  unfinishedIds(): Promise<number[]>;
  markSending(messageId: number, at: Date): Promise<void>;
  /** Marks the message done when no delivery is pending; returns whether it is done. */
  finishIfComplete(messageId: number, at: Date): Promise<boolean>;
  insertWithDeliveries(
    message: NewMessageRow,
    pushServiceOf: (endpoint: string) => string,
  ): Promise<MessageRow>;
}

export interface DeliveryStore {
  countPending(messageId: number, encoding: ContentEncoding): Promise<number>;
  /** Claims pending deliveries nobody holds (never claimed, or their lease ran out); committed on return. */
  claim(request: DeliveryClaim): Promise<LeasedDelivery[]>;
  /** Extends the leases this instance still holds among `ids`; returns those ids. */
  renew(instanceId: string, ids: readonly number[], leaseMs: number): Promise<number[]>;
  /** Gives back this instance's claims among `ids` that have no outcome, for others to take at once. */
  release(instanceId: string, ids: readonly number[]): Promise<number>;
  /** Writes outcomes of pending deliveries (a delivery with one already is skipped, never counted twice). */
  writeOutcomes(messageId: number, batch: readonly RecordedOutcome[], at: Date): Promise<void>;
  hasPending(messageId: number): Promise<boolean>;
  /** Marks every pending delivery of the message expired (its expiry passed) and counts them; returns how many. */
  expirePending(messageId: number, at: Date): Promise<number>;
  page(
    messageId: number,
    request: DeliveryPageRequest,
  ): Promise<{ rows: DeliveryRow[]; nextAfter: number | null }>;
}

export interface ReceiptStore {
  record(receipt: Receipt): Promise<ReceiptKind[]>;
}

/** Scheduled messages (see schedule-store.ts): stored without deliveries until claimed at their time. */
export interface ScheduleStore {
  insert(message: NewMessageRow, sendAt: Date): Promise<MessageRow>;
  /**
   * Moves due messages (send_at <= at), or the one message `id`, from 'scheduled' to 'queued' with their
   * deliveries, one transaction each; of callers racing for a message exactly one gets it back.
   */
  claim(
    due: { at: Date } | { id: number },
    pushServiceOf: (endpoint: string) => string,
  ): Promise<MessageRow[]>;
  /** undefined when the message is not (or no longer) scheduled. */
  cancel(id: number): Promise<MessageRow | undefined>;
  nextSendAt(): Promise<Date | null>;
}

export interface FunnelStore {
  /** Cumulative accepted/shown/clicked/closed counts at the end of each interval (see funnel-store.ts). */
  timeline(messageId: number, from: Date, until: Date, intervals?: number): Promise<FunnelPoint[]>;
}

/** What several instances on one database share besides its rows (Postgres only). */
export interface SharedServices {
  /** The token buckets of one rate limit, counted in the database for every instance. */
  rateBuckets(limiter: string, rate: BucketRate): PostgresTokenBuckets;
  /** Deletes the buckets (of every limit made here) that are full again; returns how many. */
  pruneRateBuckets(): Promise<number>;
  /** Hears "a message was queued" from every instance (this one too) until close(). */
  listenForMessages(options: MessageListenerOptions): Promise<{ close(): Promise<void> }>;
}

export interface Store {
  readonly dialect: Dialect;
  /** Present where several instances may share the database. */
  readonly shared?: SharedServices;
  readonly sessions: SessionStore;
  readonly users: UserStore;
  readonly settings: SettingStore;
  readonly subscriptions: SubscriptionStore;
  readonly messages: MessageStore;
  readonly deliveries: DeliveryStore;
  readonly receipts: ReceiptStore;
  readonly schedules: ScheduleStore;
  readonly funnel: FunnelStore;
  close(): Promise<void>;
}
