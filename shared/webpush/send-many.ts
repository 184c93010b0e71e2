import { Agent, type Dispatcher } from 'undici';
import { WebPushError } from './errors.ts';
import { buildPushRequest, hasData } from './request.ts';
import { isRetryable, retryDelay, type RetryPolicy } from './retry.ts';
import { sendPushRequest } from './send.ts';
import { readSubscription } from './subscription.ts';
import type { PushData, PushOptions, PushReply } from './types.ts';

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

/**
 * Sends one payload to many subscriptions: bounded concurrency over pooled keep-alive connections, the VAPID
 * token signed once per audience, a fresh ECDH key pair per message, retries for 429/5xx/network errors with
 * Retry-After honoured, and 404/410 reported as `expired`.
 */
export async function sendMany<S>(
  subscriptions: Iterable<S> | AsyncIterable<S>,
  data: PushData | null | undefined,
  options: SendManyOptions<S> = {},
): Promise<SendManySummary> {
  const summary: SendManySummary = { total: 0, delivered: 0, expired: 0, failed: 0, retried: 0 };
  const concurrency = options.concurrency ?? 64;
  const ownDispatcher = options.dispatcher ? undefined : new Agent({ connections: concurrency, keepAliveTimeout: 30_000 });
  const dispatcher: Dispatcher = options.dispatcher ?? ownDispatcher!;
  const next = serialized(subscriptions);
  const lane = async () => {
    for (let item = await next(); item; item = await next()) {
      const result = await sendOne(item.value, item.index, data, { ...options, dispatcher }, summary);
      summary.total++;
      summary[result.outcome]++;
      await options.onResult?.(result);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, lane));
  } finally {
    await ownDispatcher?.close();
  }
  return summary;
}

async function sendOne<S>(
  subscription: S,
  index: number,
  data: PushData | null | undefined,
  options: SendManyOptions<S>,
  summary: SendManySummary,
): Promise<SendResult<S>> {
  let push;
  try {
    push = buildPushRequest(readSubscription(subscription, !hasData(data)), data, options);
  } catch (error) {
    return { index, subscription, outcome: 'failed', status: 0, attempts: 0, error: error as Error };
  }
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

/** Lets many lanes pull from one (async) iterator without calling next() concurrently. */
function serialized<S>(source: Iterable<S> | AsyncIterable<S>): () => Promise<{ value: S; index: number } | undefined> | { value: S; index: number } | undefined {
  let index = 0;
  if (!(Symbol.asyncIterator in source)) {
    // A synchronous source needs no queue: JavaScript runs one next() at a time anyway.
    const iterator = source[Symbol.iterator]();
    return () => {
      const step = iterator.next();
      return step.done ? undefined : { value: step.value, index: index++ };
    };
  }
  const iterator = source[Symbol.asyncIterator]();
  let tail: Promise<unknown> = Promise.resolve();
  return () => {
    const pulled = tail.then(async () => {
      const step = await iterator.next();
      return step.done ? undefined : { value: step.value, index: index++ };
    });
    tail = pulled.catch(() => undefined);
    return pulled;
  };
}
