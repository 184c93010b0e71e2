import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { messages } from '../db/schema.ts';
import {
  finishIfComplete,
  markSending,
  readPendingPage,
  unfinishedMessageIds,
  type PendingDelivery,
} from './delivery-store.ts';
import { OutcomeBatch } from './outcome-batch.ts';
import { messagePayload } from './payload.ts';
import { forEachConcurrently } from './pool.ts';
import type { SendOutcome, SendToDevice } from './send-to-device.ts';

export interface FanoutOptions {
  db: Db;
  send: SendToDevice;
  /** Pushes in flight at once. */
  concurrency?: number;
  /** Pending deliveries read per query. */
  pageSize?: number;
  /** Outcomes written per transaction. */
  batchSize?: number;
  /** Longest time an outcome waits before it is written. */
  batchIntervalMs?: number;
}

const DEVICE_REMOVED: SendOutcome = {
  outcome: 'expired',
  status: null,
  reason: 'the device was removed before the push was sent',
};

/**
 * Background worker that sends admin messages. Each message is a durable job: its deliveries were
 * recorded when it was enqueued, only pending ones are sent, and outcomes are written in batches.
 * After a restart `resumeUnfinished()` picks up where it stopped. A push whose outcome was not yet
 * written when the process died is sent again (at least once; the window is one batch).
 */
export class Fanout {
  private readonly queue: number[] = [];
  private running: Promise<void> | undefined;
  private stopping = false;
  private readonly concurrency: number;
  private readonly pageSize: number;
  private readonly batchSize: number;
  private readonly batchIntervalMs: number;

  constructor(private readonly options: FanoutOptions) {
    this.concurrency = options.concurrency ?? 32;
    this.pageSize = options.pageSize ?? 256;
    this.batchSize = options.batchSize ?? 64;
    this.batchIntervalMs = options.batchIntervalMs ?? 250;
  }

  /** Schedules a message; sending starts in the background. */
  enqueue(messageId: number): void {
    if (this.stopping || this.queue.includes(messageId)) return;
    this.queue.push(messageId);
    this.kick();
  }

  /** Queues every message that is not done (call once at start-up); returns their ids. */
  resumeUnfinished(): number[] {
    const ids = unfinishedMessageIds(this.options.db);
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
    this.queue.length = 0;
    await this.whenIdle();
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
        console.error(`fan-out: message ${id} stopped by an error; it resumes at the next start:`, error);
      }
    }
  }

  private async sendMessage(messageId: number): Promise<void> {
    const { db, send } = this.options;
    const message = db.select().from(messages).where(eq(messages.id, messageId)).get();
    if (!message || message.status === 'done') return;
    markSending(db, messageId, new Date());
    const payload = messagePayload(message);
    const settings = { ttl: message.ttl, urgency: message.urgency, topic: message.topic };
    const batch = new OutcomeBatch(db, messageId, this.batchSize, this.batchIntervalMs);
    try {
      await forEachConcurrently(
        this.pendingDeliveries(messageId),
        this.concurrency,
        async (delivery) => {
          const result = delivery.device ? await send(delivery.device, payload, settings) : DEVICE_REMOVED;
          batch.add({
            deliveryId: delivery.id,
            subscriptionId: delivery.subscriptionId,
            result,
            attempted: !!delivery.device,
          });
        },
        () => this.stopping,
      );
    } finally {
      batch.flush();
    }
    finishIfComplete(db, messageId, new Date());
  }

  /** Pending deliveries page by page (keyset on id, so rows in flight are not read twice). */
  private async *pendingDeliveries(messageId: number): AsyncGenerator<PendingDelivery> {
    let afterId = 0;
    while (!this.stopping) {
      const page = readPendingPage(this.options.db, messageId, afterId, this.pageSize);
      if (page.length === 0) return;
      afterId = page[page.length - 1]!.id;
      yield* page;
    }
  }
}
