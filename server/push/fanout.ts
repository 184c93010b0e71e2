import type { KeyObject } from 'node:crypto';
import type { Dispatcher } from 'undici';
import {
  autoWorkerCount,
  CONTENT_ENCODINGS,
  EncryptPool,
  sendMany,
  type ContentEncoding,
  type RetryPolicy,
  type SendManyItem,
  type SendManyOptions,
} from '@starter-kit/webpush/node';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { PendingPush } from '../db/delivery-store.ts';
import type { MessageRow } from '../db/message-store.ts';
import type { PushOutcome } from '../db/push-outcome.ts';
import type { Store } from '../db/store.ts';
import { LeaseKeeper } from './lease-keeper.ts';
import { OutcomeWriter } from './outcome-writer.ts';
import { deliveryPayloads, ttlBefore } from './delivery-payload.ts';
import { claimAhead } from './claim-ahead.ts';
import { outcomeOfResult } from './send-to-device.ts';
import { SendTimeEndpointCheck, type EndpointCheck } from './send-time-check.ts';

/** Pushes in flight at once, unless the server is booted with another value. */
export const FANOUT_CONCURRENCY = 64;

export interface FanoutTuning extends RetryPolicy {
  /** Pushes in flight at once (default FANOUT_CONCURRENCY). */
  concurrency?: number;
  /** Deliveries read and claimed per query (default 256). */
  pageSize?: number;
  /**
   * Outcomes written per transaction (default 200): on Postgres a batch of 50 cost the database ~110 us of CPU
   * per message, one of 200 ~40 us (bench/run.ts prints the database's share). batchIntervalMs bounds the wait.
   */
  batchSize?: number;
  /** Longest time an outcome waits before it is written (default 100 ms). */
  batchIntervalMs?: number;
  /** Milliseconds to wait for a push service's answer (the library's default when unset). */
  timeout?: number;
  /**
   * Encryption worker threads for sendMany. 'auto' (default): the library's autoWorkerCount for the
   * message's number of devices (sendMany's own 'auto' only counts arrays, and ours is a paged stream).
   * The threads start with the first such message and stay until stop(), warm for the next ones.
   */
  workers?: number | 'auto';
  /** How long a claim holds a delivery before another instance may take it (default 30 s). */
  leaseMs?: number;
  /** How often the leases of deliveries being sent are extended (default 10 s). */
  renewMs?: number;
  /**
   * Look for unfinished messages this often (default: never). With several instances on one database,
   * this is how one resumes what a dead instance held once its leases ran out.
   */
  watchMs?: number;
}

export const DEFAULT_LEASE_MS = 30_000;
export const DEFAULT_RENEW_MS = 10_000;

/** An id for this process's claims: readable in the database (host and pid), unique (random). */
export function newInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export interface FanoutOptions extends FanoutTuning {
  store: Store;
  /** What this instance's claims are recorded under (default newInstanceId()). */
  instanceId?: string;
  vapidPrivateKey: KeyObject;
  /** VAPID `sub` claim. */
  subject: string;
  /** The server's keep-alive pool (see push-agent.ts). */
  dispatcher: Dispatcher;
  /** Re-checked before sending (rows may predate a policy change or come from a restored backup). */
  endpointPolicy: EndpointCheck;
  /** Signs each delivery's receipt token; null or unset: receipts are off and every device gets one payload. */
  receiptSecret?: Uint8Array | null;
}

/** A message whose expiry has passed: what is still pending is recorded as expired instead of sent late. */
const pastExpiry = (message: MessageRow) => ttlBefore(message.ttl, message.expiresAt, new Date()) === null;

const DEVICE_REMOVED: PushOutcome = {
  outcome: 'expired',
  status: null,
  reason: 'the device was removed before the push was sent',
};

const refused = (reason: string): PushOutcome => ({ outcome: 'failed', status: null, reason });

/**
 * Background worker that sends admin messages through the library's `sendMany`. Each message is a
 * durable job: its deliveries were recorded when it was enqueued; they are claimed page by page with a
 * lease (committed before their requests start), the leases renewed while sending, and outcomes written
 * in small batches as the answers arrive. Several instances on one database share a message: each claims
 * what nobody holds. After a restart `resumeUnfinished()` sends every delivery without an outcome.
 *
 * At least once, in one small window: a delivery whose request was in flight (or whose answer was not
 * yet written, at most one batch / 100 ms) when its instance died is claimed but has no outcome, so it
 * is sent again once the lease runs out (on SQLite, at the next start). The payload's `tag`
 * ("message-<id>") makes the repeat replace the first notification rather than stack. A delivery with an
 * outcome is never sent again, and is counted once whoever wrote it.
 */
export class Fanout {
  private readonly queue: number[] = [];
  private running: Promise<void> | undefined;
  private stopping = false;
  /** Encryption threads, started by the first message big enough and kept warm until stop(). */
  private encryptPool: EncryptPool | undefined;
  private readonly pageSize: number;
  private readonly batchSize: number;
  private readonly batchIntervalMs: number;
  readonly instanceId: string;
  private readonly leaseMs: number;
  private readonly leases: LeaseKeeper;
  private watcher: NodeJS.Timeout | undefined;

  constructor(private readonly options: FanoutOptions) {
    this.pageSize = options.pageSize ?? 256;
    this.batchSize = options.batchSize ?? 200;
    this.batchIntervalMs = options.batchIntervalMs ?? 100;
    this.instanceId = options.instanceId ?? newInstanceId();
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    const renewMs = options.renewMs ?? Math.min(DEFAULT_RENEW_MS, Math.floor(this.leaseMs / 3));
    this.leases = new LeaseKeeper(options.store.deliveries, this.instanceId, this.leaseMs, renewMs);
    if (options.watchMs) {
      this.watcher = setInterval(() => void this.resumeQuietly(), options.watchMs).unref();
    }
  }

  /** Schedules a message; sending starts in the background. */
  enqueue(messageId: number): void {
    if (this.stopping || this.queue.includes(messageId)) return;
    this.queue.push(messageId);
    this.kick();
  }

  /** Queues every message that is not done (at start-up, and every watchMs); returns their ids. */
  async resumeUnfinished(): Promise<number[]> {
    const ids = await this.options.store.messages.unfinishedIds();
    for (const id of ids) this.enqueue(id);
    return ids;
  }

  /** Resolves when nothing is queued or sending (tests wait on this). */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops taking new pushes, lets those in flight finish and records them. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.watcher);
    this.queue.length = 0;
    await this.whenIdle();
    await this.leases.releaseAll().catch((error: unknown) => {
      console.error('fan-out: could not give back the claims left; their leases will run out:', error);
    });
    await this.encryptPool?.close();
    this.encryptPool = undefined;
  }

  private async resumeQuietly(): Promise<void> {
    try {
      await this.resumeUnfinished();
    } catch (error) {
      console.error('fan-out: could not look for unfinished messages (will retry):', error);
    }
  }

  private kick(): void {
    if (this.running || this.stopping) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.queue.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    for (let id = this.queue.shift(); id !== undefined && !this.stopping; id = this.queue.shift()) {
      try {
        await this.sendMessage(id);
      } catch (error) {
        console.error(`fan-out: message ${id} stopped by an error; it resumes later:`, error);
      }
    }
  }

  private async sendMessage(messageId: number): Promise<void> {
    const { store } = this.options;
    const message = await store.messages.byId(messageId);
    // A scheduled message is started by the scheduler's claim (which queues it), a cancelled one never.
    if (
      !message ||
      message.status === 'done' ||
      message.status === 'scheduled' ||
      message.status === 'cancelled'
    )
      return;
    await store.messages.markSending(messageId, new Date());
    const batch = new OutcomeWriter(
      store.deliveries,
      messageId,
      this.batchSize,
      this.batchIntervalMs,
      (written) => this.leases.done(written.map((outcome) => outcome.deliveryId)),
    );
    const checks = new SendTimeEndpointCheck(this.options.endpointPolicy);
    try {
      // sendMany takes one content encoding per call, so each encoding gets its own pass. Rounds repeat
      // until one claims nothing, which picks up a device that switched encoding while a pass ran.
      for (let claimed = 1; claimed > 0 && !this.stopping && !pastExpiry(message);) {
        claimed = 0;
        for (const encoding of CONTENT_ENCODINGS) {
          const toSend = await store.deliveries.countPending(messageId, encoding);
          if (toSend === 0 || this.stopping || pastExpiry(message)) continue;
          claimed += await this.sendPass(message, encoding, batch, checks, this.workersFor(toSend));
          await batch.flush(); // outcomes stored before the next pass reads what is still pending
        }
      }
    } finally {
      await batch.flush();
    }
    // Nothing is in flight here: the devices not reached before the expiry are marked expired.
    if (pastExpiry(message)) await store.deliveries.expirePending(messageId, new Date());
    // Done when every delivery has an outcome, whoever wrote it; else other instances still hold some.
    await store.messages.finishIfComplete(messageId, new Date());
  }

  /** Sends the message to the pending deliveries of one encoding; returns how many it claimed. */
  private async sendPass(
    message: MessageRow,
    encoding: ContentEncoding,
    batch: OutcomeWriter,
    checks: SendTimeEndpointCheck,
    workers: number,
  ): Promise<number> {
    const { vapidPrivateKey, subject, dispatcher } = this.options;
    const claimed = { count: 0 };
    const options: SendManyOptions<SendManyItem<PendingPush>> = {
      vapidPrivateKey,
      vapidClaims: { sub: subject },
      contentEncoding: encoding,
      // Every body padded up to its size bucket, so its length does not tell how long the message is.
      padding: { to: 'bucket' },
      // Cut so that a push service never hands the message over after its expiry.
      ttl: ttlBefore(message.ttl, message.expiresAt, new Date()) ?? 0,
      urgency: message.urgency,
      ...(message.topic ? { topic: message.topic } : {}),
      dispatcher,
      concurrency: this.options.concurrency ?? FANOUT_CONCURRENCY,
      workers,
      ...(workers > 0 && { encryptPool: this.poolOf(workers) }),
      retries: this.options.retries,
      retryBaseMs: this.options.retryBaseMs,
      retryMaxMs: this.options.retryMaxMs,
      timeout: this.options.timeout,
      onResult: (result) =>
        batch.add({
          deliveryId: result.subscription.subscription.deliveryId,
          subscriptionId: result.subscription.subscription.subscriptionId,
          result: outcomeOfResult(result),
          attempts: result.attempts,
        }),
    };
    const payloads = deliveryPayloads(message, this.options.receiptSecret ?? null);
    // With receipts each push carries its own token: an item with its own data, encrypted on the same pool.
    const itemOf = payloads.perDelivery
      ? (push: PendingPush) => ({ subscription: push, data: payloads.payloadOf(push.deliveryId) })
      : (push: PendingPush) => ({ subscription: push });
    const pending = this.claimPending(message, encoding, batch, checks, claimed, itemOf);
    await sendMany(pending, payloads.perDelivery ? undefined : payloads.payloadOf(0), options);
    return claimed.count;
  }

  private poolOf(workers: number): EncryptPool {
    if (this.encryptPool?.size !== workers) {
      // The old threads finish their work in the background; a failure to stop them is logged, not thrown
      // into the send that replaced them (nor left as an unhandled rejection that ends the process).
      this.encryptPool?.close().catch((error: unknown) => {
        console.error('fan-out: could not stop the previous encryption threads:', error);
      });
      this.encryptPool = new EncryptPool(workers);
    }
    return this.encryptPool;
  }

  private workersFor(deliveries: number): number {
    const asked = this.options.workers ?? 'auto';
    if (asked !== 'auto') return asked;
    return autoWorkerCount(deliveries);
  }

  /**
   * Pending deliveries page by page, each page claimed with a lease before it is handed out, the next one
   * while this one is sent (claim-ahead.ts; rows in flight are held, so they are not claimed again). Deliveries whose device is gone, or whose endpoint the policy now
   * refuses, are recorded without a push (the refusal as a failure, with the policy's reason).
   */
  private async *claimPending(
    message: MessageRow,
    encoding: ContentEncoding,
    batch: OutcomeWriter,
    checks: SendTimeEndpointCheck,
    claimed: { count: number },
    itemOf: (push: PendingPush) => SendManyItem<PendingPush>,
  ): AsyncGenerator<SendManyItem<PendingPush>> {
    const request = {
      messageId: message.id,
      encoding,
      limit: this.pageSize,
      instanceId: this.instanceId,
      leaseMs: this.leaseMs,
    };
    const claimPage = async () => {
      const page = await this.options.store.deliveries.claim(request);
      this.leases.hold(page.map((delivery) => delivery.id));
      claimed.count += page.length;
      return page;
    };
    // Past the expiry no page is taken; sendMessage marks what is left expired.
    const more = () => !this.stopping && !pastExpiry(message);
    for await (const page of claimAhead(claimPage, more)) {
      const refusals = await checks.refusals(page.map((delivery) => delivery.push?.endpoint ?? null));
      for (let i = 0; i < page.length; i++) {
        if (this.stopping) return;
        const { id, push } = page[i]!;
        const refusal = refusals[i];
        if (!push) batch.add({ deliveryId: id, subscriptionId: null, result: DEVICE_REMOVED, attempts: 0 });
        else if (refusal)
          batch.add({
            deliveryId: id,
            subscriptionId: push.subscriptionId,
            result: refused(refusal),
            attempts: 0,
          });
        else yield itemOf(push);
      }
    }
  }
}
