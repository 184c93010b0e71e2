import { encryptBatch, type EncryptExtra, type EncryptOverride } from './encrypt-batch.ts';
import { WorkerStopped, type EncryptPool } from './encrypt-pool.ts';
import { WebPushValidationError } from './errors.ts';
import type { Assemble } from './request.ts';
import type { ItemPlan } from './send-item.ts';
import type { Prepared, Pull } from './send-many.ts';
import { NEEDS_KEYS, readSubscription } from './subscription.ts';
import type { PushOptions, PushSubscriptionJSON } from './types.ts';

type Plan = (value: unknown) => ItemPlan<PushOptions>;
type AssemblerOf = (options: PushOptions) => Assemble;

/** A read item with what it is made of (its payload and options), until it is encrypted. */
type PoolItem<S> = Prepared<S> & { plan?: ItemPlan<PushOptions> };
const NO_BYTES = new Uint8Array(0);

/** Subscriptions encrypted together: one message to a worker and back. */
export const BATCH = 32;

/**
 * The pushes of a fan-out, encrypted on the pool and handed to the lanes in input order. The source is read a
 * batch at a time and at most 4 batches per worker are on the pool or ready to send, so a paged source keeps
 * memory flat. A lane takes a ready push synchronously: no promise or generator step per push, which was
 * ~10 us of the event loop's ~200 us a push. Items of `{ subscription, data, options }` are encrypted in the
 * same batches, each with its own data and options; a push without data skips the pool.
 */
export function poolFeed<S>(
  source: Iterable<S> | AsyncIterable<S>,
  payload: Uint8Array | undefined,
  options: PushOptions,
  plan: Plan,
  assemblerOf: AssemblerOf,
  pool: EncryptPool,
): Pull<S> {
  const feed = new PoolFeed<S>(
    (batch) => encryptItems(batch, payload, options, assemblerOf, pool),
    pool.size,
  );
  feed.read(source, plan);
  return () => feed.take();
}

interface WaitingLane<S> {
  resolve: (item: Prepared<S> | undefined) => void;
  reject: (error: unknown) => void;
}

/** A batch on the pool; `items` is set once it is encrypted. */
interface Job<S> {
  items?: Prepared<S>[];
}

/** The feed's state: what is encrypted and waiting for a lane, what is on the pool, who waits for what. */
class PoolFeed<S> {
  /** Encrypted pushes in input order; ready[0 .. taken) are handed out already (spliced off in chunks). */
  private readonly ready: Prepared<S>[] = [];
  private taken = 0;
  /** Lanes that asked while nothing was ready. */
  private readonly waitingLanes: WaitingLane<S>[] = [];
  /** Batches on the pool, in input order. */
  private readonly jobs: Job<S>[] = [];
  /** The reader waits on this for a lane to take a push or a job to finish. */
  private wakeReader: (() => void) | undefined;
  private finished = false;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly encrypt: (batch: Prepared<S>[]) => Promise<Prepared<S>[]>,
    private readonly workers: number,
  ) {}

  /** Reads the source a batch at a time, at most 4 batches per worker ahead of the lanes. */
  read(source: Iterable<S> | AsyncIterable<S>, plan: Plan): void {
    (async () => {
      let batch: Prepared<S>[] = [];
      let index = 0;
      for await (const subscription of source) {
        if (this.failure) return;
        batch.push(readItem(subscription, index++, plan));
        if (batch.length < BATCH) continue;
        this.submit(batch);
        batch = [];
        while (this.batchesAhead() >= 4 * this.workers && !this.failure) await this.readerWoken();
      }
      if (batch.length) this.submit(batch);
      while (this.jobs.length && !this.failure) await this.readerWoken();
    })().then(
      () => this.failure ?? this.end(),
      (error: unknown) => this.end({ error }),
    );
  }

  /** A lane's pull: a ready push synchronously (no promise per push), else a promise for the next one. */
  take(): Prepared<S> | undefined | Promise<Prepared<S> | undefined> {
    if (this.taken < this.ready.length) {
      const item = this.ready[this.taken++]!;
      if (this.taken === this.ready.length || this.taken >= 1024) {
        this.ready.splice(0, this.taken);
        this.taken = 0;
      }
      this.wake();
      return item;
    }
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.finished) return undefined;
    return new Promise((resolve, reject) => this.waitingLanes.push({ resolve, reject }));
  }

  private submit(batch: Prepared<S>[]): void {
    const job: Job<S> = {};
    this.jobs.push(job);
    this.encrypt(batch).then(
      (items) => {
        job.items = items;
        this.handDone();
      },
      (error: unknown) => this.end({ error }),
    );
  }

  /** Finished jobs go to the lanes in input order, as soon as every job before them is done. */
  private handDone(): void {
    while (this.jobs[0]?.items) {
      for (const item of this.jobs.shift()!.items!) {
        const lane = this.waitingLanes.shift();
        if (lane) lane.resolve(item);
        else this.ready.push(item);
      }
    }
    this.wake();
  }

  private batchesAhead(): number {
    return this.jobs.length + Math.ceil((this.ready.length - this.taken) / BATCH);
  }

  private readerWoken(): Promise<void> {
    return new Promise<void>((resolve) => (this.wakeReader = resolve));
  }

  private wake(): void {
    this.wakeReader?.();
    this.wakeReader = undefined;
  }

  private end(failure?: { error: unknown }): void {
    this.finished = true;
    this.failure = failure;
    this.wake();
    for (const lane of this.waitingLanes.splice(0)) {
      if (failure) lane.reject(failure.error);
      else lane.resolve(undefined);
    }
  }
}

function readItem<S>(subscription: S, index: number, plan: Plan): PoolItem<S> {
  const item: PoolItem<S> = { index, subscription };
  try {
    const planned = plan(subscription);
    // The curve is checked where the key is used, in encryption (reported under the same field).
    item.parsed = readSubscription(planned.subscription, !planned.payload, false);
    if (planned.payload && !item.parsed.keys) throw new WebPushValidationError('keys', NEEDS_KEYS);
    item.plan = planned;
  } catch (error) {
    item.error = error as Error;
  }
  return item;
}

type Encrypting<S> = PoolItem<S> & { parsed: PushSubscriptionJSON; plan: ItemPlan<PushOptions> };
// (an item with a payload has keys: readItem refused it otherwise)

async function encryptItems<S>(
  items: PoolItem<S>[],
  payload: Uint8Array | undefined,
  options: PushOptions,
  assemblerOf: AssemblerOf,
  pool: EncryptPool,
): Promise<Prepared<S>[]> {
  const valid: Encrypting<S>[] = [];
  for (const item of items) {
    if (!item.plan || !item.parsed) continue;
    if (item.plan.payload) valid.push(item as Encrypting<S>);
    else item.push = assemblerOf(item.plan.options)(item.parsed, null);
  }
  if (valid.length === 0) return items;
  const keys = valid.map((item) => item.parsed.keys);
  const extra = encryptExtra(valid, payload, options);
  const data = payload ?? NO_BYTES;
  const contentEncoding = options.contentEncoding!;
  // While the workers start (~0.1 s), and for a batch whose thread died (the pool starts another), the event
  // loop encrypts: otherwise every lane would sit idle, or the fan-out would stop.
  const inline = () => ({ results: encryptBatch(data, contentEncoding, keys, extra), release: undefined });
  const job = pool.ready
    ? await pool.encrypt(data, contentEncoding, keys, extra).catch((error: unknown) => {
        if (error instanceof WorkerStopped) return inline();
        throw error;
      })
    : inline();
  // The arena goes back when every push of the batch is settled: by then each body has been handed to the
  // socket whole (undici writes a request's head and body in one corked write, so no answer comes before).
  let unsettled = valid.length;
  const settled = () => {
    if (--unsettled === 0) job.release?.();
  };
  valid.forEach((item, i) => {
    const result = job.results[i]!;
    try {
      if ('error' in result) throw new WebPushValidationError(result.error.field, result.error.rule);
      item.push = assemblerOf(item.plan.options)(item.parsed, result);
      item.settled = settled;
    } catch (error) {
      item.error = error as Error;
      settled();
    }
  });
  for (const item of items) item.plan = undefined;
  return items;
}

/** The batch's padding, and per-key data and options only when some push has its own (else none to clone). */
function encryptExtra<S>(
  items: Encrypting<S>[],
  payload: Uint8Array | undefined,
  options: PushOptions,
): EncryptExtra {
  const extra: EncryptExtra = options.padding ? { padding: options.padding } : {};
  if (items.every((item) => item.plan.shared && item.plan.payload === payload)) return extra;
  extra.each = items.map((item): EncryptOverride | undefined => {
    const own = item.plan;
    if (own.shared && own.payload === payload) return undefined;
    const override: EncryptOverride = { data: own.payload! };
    if (!own.shared) {
      override.contentEncoding = own.options.contentEncoding!;
      if (own.options.padding) override.padding = own.options.padding;
    }
    return override;
  });
  return extra;
}
