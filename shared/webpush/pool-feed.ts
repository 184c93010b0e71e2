import { encryptBatch } from './encrypt-batch.ts';
import type { EncryptPool } from './encrypt-pool.ts';
import { WebPushValidationError } from './errors.ts';
import type { Assemble } from './request.ts';
import type { Prepared, Pull } from './send-many.ts';
import { readSubscription } from './subscription.ts';
import type { ContentEncoding, PushSubscriptionJSON } from './types.ts';

/** Subscriptions encrypted together: one message to a worker and back. */
export const BATCH = 32;

/**
 * The pushes of a fan-out, encrypted on the pool and handed to the lanes in input order. The source is read a
 * batch at a time and at most 4 batches per worker are on the pool or ready to send, so a paged source keeps
 * memory flat. A lane takes a ready push synchronously: no promise or generator step per push, which was
 * ~10 us of the event loop's ~200 us a push.
 */
export function poolFeed<S>(
  source: Iterable<S> | AsyncIterable<S>,
  payload: Uint8Array,
  contentEncoding: ContentEncoding,
  assemble: Assemble,
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
    encryptItems(batch, payload, contentEncoding, assemble, pool).then(
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
      batch.push(readItem(subscription, index++));
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

function readItem<S>(subscription: S, index: number): Prepared<S> {
  const item: Prepared<S> = { index, subscription };
  try {
    // The curve is checked where the key is used, in encryption (reported under the same field).
    item.parsed = readSubscription(subscription, false);
  } catch (error) {
    item.error = error as Error;
  }
  return item;
}

async function encryptItems<S>(
  items: Prepared<S>[],
  payload: Uint8Array,
  contentEncoding: ContentEncoding,
  assemble: Assemble,
  pool: EncryptPool,
): Promise<Prepared<S>[]> {
  const valid = items.filter(
    (item): item is Prepared<S> & { parsed: PushSubscriptionJSON } => item.parsed !== undefined,
  );
  const keys = valid.map((item) => item.parsed.keys);
  // While the workers start (~0.1 s), the event loop encrypts: otherwise every lane would sit idle.
  const job = pool.ready
    ? await pool.encrypt(payload, contentEncoding, keys)
    : { results: encryptBatch(payload, contentEncoding, keys), release: undefined };
  // The arena goes back when every push of the batch is settled: by then each body has been handed to the
  // socket whole (undici writes a request's head and body in one corked write, so no answer comes before).
  let unsettled = valid.length;
  const settled = () => {
    if (--unsettled === 0) job.release?.();
  };
  if (valid.length === 0) job.release?.();
  valid.forEach((item, i) => {
    const result = job.results[i]!;
    try {
      if ('error' in result)
        throw new WebPushValidationError(result.error.field, result.error.message.replace(/^[^:]+: /, ''));
      item.push = assemble(item.parsed, result);
      item.settled = settled;
    } catch (error) {
      item.error = error as Error;
      settled();
    }
  });
  return items;
}
