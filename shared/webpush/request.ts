// Building a push on the Node entry: node:crypto's synchronous encryption and signing, around the shared
// request layout (push-request.ts). The portable entry's twin is request-async.ts.
import { encrypt, type EncryptedPayload } from './encrypt.ts';
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
import { vapidHeaders } from './vapid.ts';

export { hasData };

/** Encrypts data for a subscription; empty data is an error here, since there is nothing to encode. */
export function encodePayload(
  subscription: PushTarget,
  data: PushData | null | undefined,
  contentEncoding?: ContentEncoding,
  padding?: PaddingOption,
): EncryptedPayload {
  if (!hasData(data)) throw new NoDataError();
  if (!subscription.keys) throw new WebPushValidationError('keys', NEEDS_KEYS);
  const options = { contentEncoding: checkContentEncoding(contentEncoding), padding };
  return encrypt(data, subscription.keys, options);
}

/**
 * Everything to send, without sending it (so the crypto is testable without I/O and curl mode is free).
 * The subscription must already be validated (see validateSubscription).
 */
export function buildPushRequest(
  subscription: PushTarget,
  data: PushData | null | undefined,
  options: PushOptions = {},
): PushRequest {
  const contentEncoding = checkContentEncoding(options.contentEncoding);
  const encoded = hasData(data) ? encodePayload(subscription, data, contentEncoding, options.padding) : null;
  return assemblePushRequest(subscription, encoded, options);
}

/** The request around an already encrypted body (or none): RFC 8030 headers, VAPID, the caller's headers. */
export function assemblePushRequest(
  subscription: PushTarget,
  encoded: Encoded,
  options: PushOptions,
): PushRequest {
  const base = baseHeaders(encoded, options);
  const vapidRequest = vapidRequestOf(subscription, options);
  const vapid = vapidRequest ? vapidHeaders(vapidRequest) : undefined;
  return finishPushRequest(subscription, asBuffer(encoded), base, vapid, options);
}

export type Assemble = (subscription: PushTarget, encoded: Encoded) => PushRequest;

/** assemblePushRequest for many pushes with the same options (sendMany), with headers shared per origin. */
export function pushAssembler(options: PushOptions): Assemble {
  const templates = new HeaderTemplates(options);
  return (subscription, encoded) => {
    const key = templates.keyOf(subscription, encoded);
    if (key === undefined) return assemblePushRequest(subscription, encoded, options);
    const headers = templates.get(key);
    if (!headers) {
      const push = assemblePushRequest(subscription, encoded, options);
      templates.set(key, push);
      return push;
    }
    return {
      endpoint: subscription.endpoint,
      method: 'POST',
      headers,
      body: asBuffer(encoded)?.body ?? null,
    };
  };
}

/** Node callers get the body as a Buffer (a view, no copy), as they always have. */
function asBuffer(encoded: Encoded): Encoded {
  if (!encoded || Buffer.isBuffer(encoded.body)) return encoded;
  const { body } = encoded;
  return { ...encoded, body: Buffer.from(body.buffer, body.byteOffset, body.byteLength) };
}
