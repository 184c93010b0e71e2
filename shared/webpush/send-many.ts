// sendMany on the Node entry: node:crypto inline, or on worker threads (EncryptPool) for large fan-outs, so the
// ECDH work runs beside the HTTP work; the lanes are fan-out.ts's.
import { assertFits } from './encrypt.ts';
import { EncryptPool } from './encrypt-pool.ts';
import { runLanes, type FanOutOptions, type Prepared, type Pull, type SendManySummary } from './fan-out.ts';
import { inlineFeed } from './inline-feed.ts';
import { poolFeed } from './pool-feed.ts';
import { withProxy } from './proxy-node.ts';
import { checkContentEncoding } from './push-options.ts';
import { encodePayload, hasData, pushAssembler, type Assemble } from './request.ts';
import { defaultTransport, pooledTransport } from './runtime-node.ts';
import { sendPushRequest } from './send.ts';
import { assemblerCache, itemPlanner, someItemHasData, type ItemPlan } from './send-item.ts';
import { readSubscription } from './subscription.ts';
import type { PushData, PushOptions } from './types.ts';
import { autoWorkerCount } from './worker-policy.ts';

export type { SendItemOptions, SendManyItem } from './send-item.ts';

export type { Prepared, Pull, SendManySummary, SendOutcome, SendResult } from './fan-out.ts';

export interface SendManyOptions<S = unknown> extends FanOutOptions<S> {
  /**
   * Worker threads that encrypt beside the event loop doing HTTP. 'auto' (default) uses one when the machine
   * has a second core and the input is an array of at least 1,000 subscriptions (autoWorkerCount; on Bun
   * too); 0 encrypts inline.
   */
  workers?: number | 'auto';
  /**
   * Encrypt on this pool instead of starting one (`workers` is then ignored): a caller that sends often, such
   * as a server's fan-out, keeps one warm across calls. sendMany leaves it open.
   */
  encryptPool?: EncryptPool;
}

/**
 * Sends one payload to many subscriptions (or, for items of `{ subscription, data, options }`, each its own): bounded concurrency over pooled keep-alive connections, the VAPID
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
  const sendOptions = withProxy({ ...options, contentEncoding });
  const encrypts = payload !== undefined || someItemHasData(subscriptions);
  const workers = options.encryptPool ? 0 : workerCount(options.workers, subscriptions, encrypts);
  const ownPool = workers > 0 ? new EncryptPool(workers) : undefined;
  const pool = options.encryptPool ?? ownPool;
  const plan = itemPlanner<PushOptions>(payload, sendOptions, (text) => Buffer.from(text));
  const assemblerOf = assemblerCache<PushOptions, Assemble>(
    sendOptions,
    pushAssembler(sendOptions),
    pushAssembler,
  );
  const next: Pull<S> = pool
    ? poolFeed(subscriptions, payload, sendOptions, plan, assemblerOf, pool)
    : inlineFeed(subscriptions, (subscription, index) =>
        prepareInline(subscription, index, plan, assemblerOf),
      );
  try {
    return await runLanes(next, sendOptions, NODE_RUNTIME);
  } finally {
    await ownPool?.close();
  }
}

const NODE_RUNTIME = { send: sendPushRequest, pooled: pooledTransport, defaultTransport };

function workerCount(asked: number | 'auto' | undefined, source: unknown, encrypts: boolean): number {
  if (!encrypts) return 0;
  if (typeof asked === 'number') return Math.max(0, Math.floor(asked));
  // 'auto' counts only an array: a stream's length is not known before it is read.
  return Array.isArray(source) ? autoWorkerCount(source.length) : 0;
}

function prepareInline<S>(
  subscription: S,
  index: number,
  plan: (value: unknown) => ItemPlan<PushOptions>,
  assemblerOf: (options: PushOptions) => Assemble,
): Prepared<S> {
  try {
    const { payload, options, subscription: target } = plan(subscription);
    // With a payload, ECDH checks the curve during encryption, so the intake check can skip it.
    const parsed = readSubscription(target, !payload, false);
    const encoded = payload ? encodePayload(parsed, payload, options.contentEncoding, options.padding) : null;
    return { index, subscription, push: assemblerOf(options)(parsed, encoded) };
  } catch (error) {
    return { index, subscription, error: error as Error };
  }
}
