// sendMany of the portable API: pushes encrypted by the runtime's crypto back end a batch at a time as the lanes
// run dry (batched-feed.ts), then the same lanes as the Node entry's (fan-out.ts). No encrypt threads: Workers
// have none; on Node, the Node entry's sendMany has them.
import { defaultTransport, pooledTransport } from '#runtime';
import { utf8 } from './bytes.ts';
import { assertFits } from './ece-format.ts';
import { runLanes, type FanOutOptions, type Prepared, type SendManySummary } from './fan-out.ts';
import { batchedFeed } from './batched-feed.ts';
import { checkContentEncoding } from './push-options.ts';
import { hasData } from './push-request.ts';
import { encodePayload, pushAssembler, type AssembleAsync } from './request-async.ts';
import { sendPushRequest } from './send-async.ts';
import { assemblerCache, itemPlanner, type ItemPlan } from './send-item.ts';
import { readSubscription } from './subscription.ts';
import type { PushData, PushOptions } from './types.ts';

export type { SendManySummary, SendOutcome, SendResult } from './fan-out.ts';
export type { SendItemOptions, SendManyItem } from './send-item.ts';

export type SendManyOptions<S = unknown> = FanOutOptions<S>;

/**
 * Sends one payload to many subscriptions (or, for items of `{ subscription, data, options }`, each its own): bounded concurrency, the VAPID token signed once per audience, a
 * fresh ECDH key pair per message, retries for 429/5xx/network errors with Retry-After honoured, and 404/410
 * reported as `expired`. Data too large for a push message rejects before any request.
 */
export async function sendMany<S>(
  subscriptions: Iterable<S> | AsyncIterable<S>,
  data: PushData | null | undefined,
  options: SendManyOptions<S> = {},
): Promise<SendManySummary> {
  const contentEncoding = checkContentEncoding(options.contentEncoding);
  const payload = hasData(data) ? (typeof data === 'string' ? utf8(data) : data) : undefined;
  if (payload) assertFits(payload.length, contentEncoding);
  const sendOptions = { ...options, contentEncoding };
  const plan = itemPlanner<PushOptions>(payload, sendOptions);
  const assemblerOf = assemblerCache<PushOptions, AssembleAsync>(
    sendOptions,
    pushAssembler(sendOptions),
    pushAssembler,
  );
  const next = batchedFeed(
    subscriptions,
    (subscription, index) => prepare(subscription, index, plan, assemblerOf),
    options.concurrency ?? 64,
  );
  return runLanes(next, sendOptions, { send: sendPushRequest, pooled: pooledTransport, defaultTransport });
}

async function prepare<S>(
  subscription: S,
  index: number,
  plan: (value: unknown) => ItemPlan<PushOptions>,
  assemblerOf: (options: PushOptions) => AssembleAsync,
): Promise<Prepared<S>> {
  try {
    const { payload, options, subscription: target } = plan(subscription);
    // With a payload, ECDH checks the curve during encryption, so the intake check can skip it.
    const parsed = readSubscription(target, !payload, false);
    const encoded = payload
      ? await encodePayload(parsed, payload, options.contentEncoding, options.padding)
      : null;
    return { index, subscription, push: await assemblerOf(options)(parsed, encoded) };
  } catch (error) {
    return { index, subscription, error: error as Error };
  }
}
