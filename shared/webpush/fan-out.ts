// The lanes of sendMany, shared by both entries: bounded concurrency over one transport, retries for
// 429/5xx/network errors with Retry-After honoured, 404/410 reported as `expired`, one result per subscription.
// Where the pushes come from (encrypted inline, on worker threads, synchronously or not) is the caller's `next`.
import { WebPushError } from './errors.ts';
import { OriginPauses } from './origin-pauses.ts';
import { checkHttp2 } from './push-options.ts';
import { isRetryable, retryDelay, type RetryPolicy } from './retry.ts';
import { transportFor, type TransportOptions } from './send-core.ts';
import type { Transport } from './transport.ts';
import type { PushOptions, PushReply, PushRequest, PushTarget } from './types.ts';

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

export interface FanOutOptions<S = unknown> extends PushOptions, RetryPolicy {
  /** Pushes in flight at once (default 64). */
  concurrency?: number;
  /** Called once per subscription, in completion order; awaited, so a slow consumer slows the fan-out. */
  onResult?: (result: SendResult<S>) => void | Promise<void>;
  /**
   * Per-push-service backoff (default true): a 429 or 503 with Retry-After from one push-service origin pauses
   * that origin only, in this process, for as long as it asked. Pushes to it are set aside (up to 4096, then a
   * lane waits) and sent when the pause ends; pushes to other origins keep flowing meanwhile. While an origin is
   * paused for longer than `retryMaxMs`, its pushes fail without a request, with the reply that paused it.
   * false: each push waits out only its own Retry-After.
   */
  originBackoff?: boolean;
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
  parsed?: PushTarget;
  push?: PushRequest;
  error?: Error;
  /** The body is a view of the encrypt worker's arena: called once the push is settled, to hand it back. */
  settled?: () => void;
}

export type Pull<S> = () => Prepared<S> | undefined | Promise<Prepared<S> | undefined>;

/** An entry's runtime: how it sends one push, and the connection pool sendMany opens when the caller has none. */
export interface FanOutRuntime {
  send: (push: PushRequest, options: TransportOptions) => Promise<PushReply>;
  pooled: (connections: number, http2: boolean) => { transport: Transport; close: () => Promise<void> };
  defaultTransport: Transport;
}

/**
 * Runs `concurrency` lanes that each take the next push and deliver it until `next` runs dry. With no
 * transport of the caller's, pushes go through the runtime's pool (sendMany's own), closed at the end.
 */
export async function runLanes<S>(
  next: Pull<S>,
  options: FanOutOptions<S>,
  runtime: FanOutRuntime,
): Promise<SendManySummary> {
  const summary: SendManySummary = { total: 0, delivered: 0, expired: 0, failed: 0, retried: 0 };
  const concurrency = options.concurrency ?? 64;
  const callerChose = options.dispatcher !== undefined || options.fetch !== undefined || !!options.transport;
  const own = callerChose ? undefined : runtime.pooled(concurrency, checkHttp2(options.http2));
  // The transport is picked once, not per push.
  // Hooks are left out here: each push's send wraps the transport with them (once, not twice).
  const unhooked = { ...options, onRequest: undefined, onResponse: undefined };
  const transport = own?.transport ?? transportFor(unhooked, runtime.defaultTransport);
  const sendOptions: FanOutOptions<S> = { ...options, transport };
  const pauses = new OriginPauses<Prepared<S>>(options.originBackoff !== false);
  const take = pausableSource(next, pauses);
  const maxWait = options.retryMaxMs ?? 30_000;
  const lane = async () => {
    for (let item = await take(); item; item = await take()) {
      let result: SendResult<S> | undefined;
      if (!pauses.idle && item.push) {
        const { wait, error } = pauses.pauseOf(item.push.endpoint);
        if (wait > maxWait) result = failedByPause(item, error!);
        else if (wait > 0 && pauses.park(item, wait)) continue;
        else if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      result ??= await deliver(item, sendOptions, summary, runtime.send, pauses);
      summary.total++;
      summary[result.outcome]++;
      await options.onResult?.(result);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, lane));
  } finally {
    await own?.close();
  }
  return summary;
}

type Send = FanOutRuntime['send'];

/**
 * The lanes' source: pushes whose origin's pause has ended first, then the caller's `next`; once that runs dry,
 * a lane stays while pushes are parked. Synchronous when `next` is (no promise per push on the hot path).
 */
function pausableSource<S>(
  next: Pull<S>,
  pauses: OriginPauses<Prepared<S>>,
): () => Prepared<S> | undefined | Promise<Prepared<S> | undefined> {
  let drained = false;
  const afterDrain = async (): Promise<Prepared<S> | undefined> => {
    drained = true;
    for (;;) {
      const ready = pauses.takeReady();
      if (ready || pauses.parked === 0) return ready;
      await pauses.whenReady();
    }
  };
  return () => {
    const ready = pauses.idle ? undefined : pauses.takeReady();
    if (ready) return ready;
    if (drained) return afterDrain();
    const item = next();
    if (item === undefined) return afterDrain();
    if (item instanceof Promise) return item.then((value) => value ?? afterDrain());
    return item;
  };
}

function failedByPause<S>(item: Prepared<S>, error: WebPushError): SendResult<S> {
  item.settled?.();
  const { index, subscription } = item;
  return { index, subscription, outcome: 'failed', status: error.status, attempts: 0, error };
}

async function deliver<S>(
  item: Prepared<S>,
  options: FanOutOptions<S>,
  summary: SendManySummary,
  send: Send,
  pauses: OriginPauses<Prepared<S>>,
): Promise<SendResult<S>> {
  try {
    return await deliverOnce(item, options, summary, send, pauses);
  } finally {
    item.settled?.();
  }
}

async function deliverOnce<S>(
  item: Prepared<S>,
  options: FanOutOptions<S>,
  summary: SendManySummary,
  send: Send,
  pauses: OriginPauses<Prepared<S>>,
): Promise<SendResult<S>> {
  const { index, subscription, push } = item;
  if (!push) return { index, subscription, outcome: 'failed', status: 0, attempts: 0, error: item.error };
  for (let attempt = 1; ; attempt++) {
    try {
      const reply = await send(push, options);
      return { index, subscription, outcome: 'delivered', status: reply.status, attempts: attempt, reply };
    } catch (error) {
      pauses.noteFailure(error);
      let wait = isRetryable(error) ? retryDelay(error, attempt, options) : undefined;
      // Another push may have paused this origin for longer than this reply asked.
      if (wait !== undefined) wait = Math.max(wait, pauses.pauseOf(push.endpoint).wait);
      if (wait !== undefined && wait > (options.retryMaxMs ?? 30_000)) wait = undefined;
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
