import { availableParallelism } from 'node:os';
import { Agent, type Dispatcher } from 'undici';
import { assertFits } from './encrypt.ts';
import { EncryptPool } from './encrypt-pool.ts';
import { poolFeed } from './pool-feed.ts';
import { WebPushError } from './errors.ts';
import { checkContentEncoding } from './push-options.ts';
import { encodePayload, hasData, pushAssembler, type Assemble } from './request.ts';
import { isRetryable, retryDelay, type RetryPolicy } from './retry.ts';
import { sendPushRequest } from './send.ts';
import { readSubscription } from './subscription.ts';
import type { PushData, PushOptions, PushReply, PushRequest, PushSubscriptionJSON } from './types.ts';

export type SendOutcome = 'delivered' | 'expired' | 'failed';

export interface SendResult<S = unknown> {
  /** Position in the input. */
  index: number;
  subscription: S;
  outcome: SendOutcome;
  /** The push service's last HTTP status; 0 when it never answered or the subscription was invalid. */
  status: number;
  attempts: number;
  reply?: PushReply;
  error?: Error;
}

export interface SendManyOptions<S = unknown> extends PushOptions, RetryPolicy {
  /** Pushes in flight at once (default 64). */
  concurrency?: number;
  /**
   * Worker threads that encrypt beside the event loop doing HTTP. 'auto' (default) uses one when the machine
   * has a second core and the input is an array of at least 1,000 subscriptions; 0 encrypts inline.
   */
  workers?: number | 'auto';
  /**
   * Encrypt on this pool instead of starting one (`workers` is then ignored): a caller that sends often, such
   * as a server's fan-out, keeps one warm across calls. sendMany leaves it open.
   */
  encryptPool?: EncryptPool;
  /** Called once per subscription, in completion order; awaited, so a slow consumer slows the fan-out. */
  onResult?: (result: SendResult<S>) => void | Promise<void>;
}

export interface SendManySummary {
  total: number;
  delivered: number;
  expired: number;
  failed: number;
  /** Retries made, over all subscriptions. */
  retried: number;
}

/** A subscription made ready to send, or the reason it cannot be. */
export interface Prepared<S> {
  index: number;
  subscription: S;
  parsed?: PushSubscriptionJSON;
  push?: PushRequest;
  error?: Error;
  /** The body is a view of the encrypt worker's arena: called once the push is settled, to hand it back. */
  settled?: () => void;
}

/**
 * Sends one payload to many subscriptions: bounded concurrency over pooled keep-alive connections, the VAPID
 * token signed once per audience, a fresh ECDH key pair per message (on a worker thread for large fan-outs),
 * retries for 429/5xx/network errors with Retry-After honoured, and 404/410 reported as `expired`.
 * Data too large for a push message rejects before any request.
 */
export async function sendMany<S>(
  subscriptions: Iterable<S> | AsyncIterable<S>,
  data: PushData | null | undefined,
  options: SendManyOptions<S> = {},
): Promise<SendManySummary> {
  const contentEncoding = checkContentEncoding(options.contentEncoding);
  const payload = hasData(data) ? (typeof data === 'string' ? Buffer.from(data) : data) : undefined;
  if (payload) assertFits(payload.length, contentEncoding);
  const summary: SendManySummary = { total: 0, delivered: 0, expired: 0, failed: 0, retried: 0 };
  const concurrency = options.concurrency ?? 64;
  const ownDispatcher = options.dispatcher
    ? undefined
    : new Agent({ connections: concurrency, keepAliveTimeout: 30_000 });
  const sendOptions = { ...options, contentEncoding, dispatcher: options.dispatcher ?? ownDispatcher! };
  const workers = payload && options.encryptPool ? 0 : workerCount(options.workers, subscriptions, payload);
  const ownPool = workers > 0 ? new EncryptPool(workers) : undefined;
  const pool = payload ? (options.encryptPool ?? ownPool) : undefined;
  const assemble = pushAssembler(sendOptions);
  const next = pool
    ? poolFeed(subscriptions, payload!, contentEncoding, assemble, pool)
    : serializedInline(subscriptions, payload, sendOptions, assemble);

  const lane = async () => {
    for (let item = await next(); item; item = await next()) {
      const result = await deliver(item, sendOptions, summary);
      summary.total++;
      summary[result.outcome]++;
      await options.onResult?.(result);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, lane));
  } finally {
    await Promise.all([ownDispatcher?.close(), ownPool?.close()]);
  }
  return summary;
}

function workerCount(
  asked: number | 'auto' | undefined,
  source: unknown,
  payload: Uint8Array | undefined,
): number {
  if (!payload) return 0;
  if (typeof asked === 'number') return Math.max(0, Math.floor(asked));
  return Array.isArray(source) && source.length >= 1000 && availableParallelism() > 1 ? 1 : 0;
}

async function deliver<S>(
  item: Prepared<S>,
  options: SendManyOptions<S>,
  summary: SendManySummary,
): Promise<SendResult<S>> {
  try {
    return await deliverOnce(item, options, summary);
  } finally {
    item.settled?.();
  }
}

async function deliverOnce<S>(
  item: Prepared<S>,
  options: SendManyOptions<S>,
  summary: SendManySummary,
): Promise<SendResult<S>> {
  const { index, subscription, push } = item;
  if (!push) return { index, subscription, outcome: 'failed', status: 0, attempts: 0, error: item.error };
  for (let attempt = 1; ; attempt++) {
    try {
      const reply = await sendPushRequest(push, options);
      return { index, subscription, outcome: 'delivered', status: reply.status, attempts: attempt, reply };
    } catch (error) {
      const wait = isRetryable(error) ? retryDelay(error, attempt, options) : undefined;
      if (wait === undefined || options.signal?.aborted) {
        const status = error instanceof WebPushError ? error.status : 0;
        const outcome = error instanceof WebPushError && error.isGone ? 'expired' : 'failed';
        return { index, subscription, outcome, status, attempts: attempt, error: error as Error };
      }
      summary.retried++;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

function prepareInline<S>(
  subscription: S,
  index: number,
  payload: Uint8Array | undefined,
  options: PushOptions,
  assemble: Assemble,
): Prepared<S> {
  try {
    // With a payload, ECDH checks the curve during encryption, so the intake check can skip it.
    const parsed = readSubscription(subscription, !payload);
    const encoded = payload ? encodePayload(parsed, payload, options.contentEncoding) : null;
    return { index, subscription, push: assemble(parsed, encoded) };
  } catch (error) {
    return { index, subscription, error: error as Error };
  }
}

export type Pull<S> = () => Prepared<S> | undefined | Promise<Prepared<S> | undefined>;

/** A synchronous source needs no queue: JavaScript runs one next() at a time anyway. */
function serializedInline<S>(
  source: Iterable<S> | AsyncIterable<S>,
  payload: Uint8Array | undefined,
  options: PushOptions,
  assemble: Assemble,
): Pull<S> {
  if (Symbol.asyncIterator in source) {
    let index = 0;
    const pull = serialized(source);
    return async () => {
      const step = await pull();
      return step === undefined ? undefined : prepareInline(step, index++, payload, options, assemble);
    };
  }
  const iterator = source[Symbol.iterator]();
  let index = 0;
  return () => {
    const step = iterator.next();
    return step.done ? undefined : prepareInline(step.value, index++, payload, options, assemble);
  };
}

/** Lets many lanes pull from one async iterator without calling next() concurrently. */
function serialized<T>(source: AsyncIterable<T>): () => Promise<T | undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let tail: Promise<unknown> = Promise.resolve();
  return () => {
    const pulled = tail.then(async () => {
      const step = await iterator.next();
      return step.done ? undefined : step.value;
    });
    tail = pulled.catch(() => undefined);
    return pulled;
  };
}
