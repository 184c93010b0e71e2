import { encryptBatch, type EncryptExtra, type EncryptOverride } from './encrypt-batch.ts';
import type { EncryptPool } from './encrypt-pool.ts';
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
  const ready: Prepared<S>[] = [];
  let taken = 0; // ready[0 .. taken) are handed out already
  const lanes: { resolve: (item: Prepared<S> | undefined) => void; reject: (error: unknown) => void }[] = [];
  const jobs: { items?: Prepared<S>[] }[] = []; // on the pool, in input order
  let wake: (() => void) | undefined; // the reader waits on this for a lane or a job to finish
  let finished = false;
  let failure: { error: unknown } | undefined;

  const signal = () => {
    wake?.();
    wake = undefined;
  };
  const end = (error?: { error: unknown }) => {
    finished = true;
    failure = error;
    signal();
    for (const lane of lanes.splice(0)) {
      if (error) lane.reject(error.error);
      else lane.resolve(undefined);
    }
  };
  // Finished jobs go to the lanes in input order, as soon as every job before them is done.
  const handDone = () => {
    while (jobs[0]?.items) {
      for (const item of jobs.shift()!.items!) {
        const lane = lanes.shift();
        if (lane) lane.resolve(item);
        else ready.push(item);
      }
    }
    signal();
  };
  const submit = (batch: Prepared<S>[]) => {
    const job: { items?: Prepared<S>[] } = {};
    jobs.push(job);
    encryptItems(batch, payload, options, assemblerOf, pool).then(
      (items) => {
        job.items = items;
        handDone();
      },
      (error: unknown) => end({ error }),
    );
  };
  const batchesAhead = () => jobs.length + Math.ceil((ready.length - taken) / BATCH);

  (async () => {
    let batch: Prepared<S>[] = [];
    let index = 0;
    for await (const subscription of source) {
      if (failure) return;
      batch.push(readItem(subscription, index++, plan));
      if (batch.length < BATCH) continue;
      submit(batch);
      batch = [];
      while (batchesAhead() >= 4 * pool.size && !failure) await new Promise<void>((r) => (wake = r));
    }
    if (batch.length) submit(batch);
    while (jobs.length && !failure) await new Promise<void>((r) => (wake = r));
  })().then(
    () => failure ?? end(),
    (error: unknown) => end({ error }),
  );

  return () => {
    if (taken < ready.length) {
      const item = ready[taken++]!;
      if (taken === ready.length || taken >= 1024) {
        ready.splice(0, taken);
        taken = 0;
      }
      signal();
      return item;
    }
    if (failure) return Promise.reject(failure.error);
    if (finished) return undefined;
    return new Promise((resolve, reject) => lanes.push({ resolve, reject }));
  };
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
  // While the workers start (~0.1 s), the event loop encrypts: otherwise every lane would sit idle.
  const job = pool.ready
    ? await pool.encrypt(data, contentEncoding, keys, extra)
    : { results: encryptBatch(data, contentEncoding, keys, extra), release: undefined };
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
