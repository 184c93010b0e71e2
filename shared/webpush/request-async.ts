// Building a push in the portable API: the runtime's crypto back end (async), around the same request layout
// as the Node entry's (push-request.ts).
import { encrypt, type EncryptedPayload } from './encryption.ts';
import { NoDataError, WebPushValidationError } from './errors.ts';
import type { PaddingOption } from './padding.ts';
import { checkContentEncoding } from './push-options.ts';
import { NEEDS_KEYS } from './subscription.ts';
import {
  baseHeaders,
  finishPushRequest,
  hasData,
  HeaderTemplates,
  vapidRequestOf,
  type Encoded,
} from './push-request.ts';
import type { ContentEncoding, PushData, PushOptions, PushRequest, PushTarget } from './types.ts';
import { vapidHeaders } from './vapid-async.ts';

/** Encrypts data for a subscription; empty data is an error here, since there is nothing to encode. */
export async function encodePayload(
  subscription: PushTarget,
  data: PushData | null | undefined,
  contentEncoding?: ContentEncoding,
  padding?: PaddingOption,
): Promise<EncryptedPayload> {
  if (!hasData(data)) throw new NoDataError();
  if (!subscription.keys) throw new WebPushValidationError('keys', NEEDS_KEYS);
  const options = { contentEncoding: checkContentEncoding(contentEncoding), padding };
  return encrypt(data, subscription.keys, options);
}

/**
 * Everything to send, without sending it (so the crypto is testable without I/O).
 * The subscription must already be validated (see validateSubscription).
 */
export async function buildPushRequest(
  subscription: PushTarget,
  data: PushData | null | undefined,
  options: PushOptions = {},
): Promise<PushRequest> {
  const contentEncoding = checkContentEncoding(options.contentEncoding);
  const encoded = hasData(data)
    ? await encodePayload(subscription, data, contentEncoding, options.padding)
    : null;
  return assemblePushRequest(subscription, encoded, options);
}

/** The request around an already encrypted body (or none): RFC 8030 headers, VAPID, the caller's headers. */
export async function assemblePushRequest(
  subscription: PushTarget,
  encoded: Encoded,
  options: PushOptions,
): Promise<PushRequest> {
  const base = baseHeaders(encoded, options);
  const vapidRequest = vapidRequestOf(subscription, options);
  const vapid = vapidRequest ? await vapidHeaders(vapidRequest) : undefined;
  return finishPushRequest(subscription, encoded, base, vapid, options);
}

export type AssembleAsync = (
  subscription: PushTarget,
  encoded: Encoded,
) => PushRequest | Promise<PushRequest>;

/** assemblePushRequest for many pushes with the same options (sendMany): no await once an origin's headers exist. */
export function pushAssembler(options: PushOptions): AssembleAsync {
  const templates = new HeaderTemplates(options);
  return (subscription, encoded) => {
    const key = templates.keyOf(subscription, encoded);
    if (key === undefined) return assemblePushRequest(subscription, encoded, options);
    const headers = templates.get(key);
    if (headers)
      return { endpoint: subscription.endpoint, method: 'POST', headers, body: encoded?.body ?? null };
    return assemblePushRequest(subscription, encoded, options).then((push) => {
      templates.set(key, push);
      return push;
    });
  };
}
