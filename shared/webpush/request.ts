import { encrypt, type EncryptedPayload } from './encrypt.ts';
import { NoDataError, WebPushValidationError } from './errors.ts';
import { checkContentEncoding, joinCryptoKey, mergeHeaders, protocolHeaders } from './push-options.ts';
import type { ContentEncoding, PushData, PushOptions, PushRequest, PushSubscriptionJSON } from './types.ts';
import { vapidHeaders } from './vapid.ts';

export function hasData(data: PushData | null | undefined): data is PushData {
  return data !== undefined && data !== null && data.length > 0;
}

/** Encrypts data for a subscription; empty data is an error here, since there is nothing to encode. */
export function encodePayload(
  subscription: PushSubscriptionJSON,
  data: PushData | null | undefined,
  contentEncoding?: ContentEncoding,
): EncryptedPayload {
  if (!hasData(data)) throw new NoDataError();
  return encrypt(data, subscription.keys, { contentEncoding: checkContentEncoding(contentEncoding) });
}

/**
 * Everything to send, without sending it (so the crypto is testable without I/O and curl mode is free).
 * The subscription must already be validated (see validateSubscription).
 */
export function buildPushRequest(
  subscription: PushSubscriptionJSON,
  data: PushData | null | undefined,
  options: PushOptions = {},
): PushRequest {
  const contentEncoding = checkContentEncoding(options.contentEncoding);
  const encoded = hasData(data) ? encodePayload(subscription, data, contentEncoding) : null;
  return assemblePushRequest(subscription, encoded, options);
}

/** The request around an already encrypted body (or none): RFC 8030 headers, VAPID, the caller's headers. */
export function assemblePushRequest(
  subscription: PushSubscriptionJSON,
  encoded: { body: Uint8Array; headers: Record<string, string> } | null,
  options: PushOptions,
): PushRequest {
  let headers = protocolHeaders(options);
  let body: Buffer | null = null;
  if (encoded) {
    body = Buffer.from(encoded.body.buffer, encoded.body.byteOffset, encoded.body.byteLength);
    headers = { ...headers, ...encoded.headers, 'Content-Type': 'application/octet-stream' };
  }
  if (options.vapidPrivateKey !== undefined) {
    const vapid = vapidHeaders({
      endpoint: subscription.endpoint,
      vapidPrivateKey: options.vapidPrivateKey,
      vapidClaims: options.vapidClaims ?? ({} as never),
      contentEncoding: options.contentEncoding ?? 'aes128gcm',
    });
    headers = withVapidHeaders(headers, vapid);
  } else if (options.vapidClaims !== undefined) {
    throw new WebPushValidationError('vapidPrivateKey', 'is required when vapidClaims are given');
  }
  return {
    endpoint: subscription.endpoint,
    method: 'POST',
    headers: mergeHeaders(headers, options.headers),
    body,
  };
}

export type Assemble = (
  subscription: PushSubscriptionJSON,
  encoded: { body: Uint8Array; headers: Record<string, string> } | null,
) => PushRequest;

/**
 * assemblePushRequest for many pushes with the same options (sendMany): with aes128gcm, every push to one
 * push-service origin gets the same headers, so they are built once a minute per origin (the VAPID token cache
 * renews a token an hour before it expires) and shared. aesgcm's per-message headers, and a caller-fixed
 * VAPID exp, go through assemblePushRequest each time. A test holds both equal.
 */
export function pushAssembler(options: PushOptions): Assemble {
  const assembleOne: Assemble = (subscription, encoded) =>
    assemblePushRequest(subscription, encoded, options);
  if (options.vapidClaims?.exp !== undefined) return assembleOne;
  const shared = new Map<string, { refreshAt: number; push: PushRequest }>();
  return (subscription, encoded) => {
    if (encoded && encoded.headers['Content-Encoding'] !== 'aes128gcm')
      return assembleOne(subscription, encoded);
    const key = `${authorityPrefix(subscription.endpoint)} ${encoded ? 'body' : 'none'}`;
    const now = Date.now();
    let template = shared.get(key);
    if (!template || now >= template.refreshAt) {
      template = { refreshAt: now + 60_000, push: assembleOne(subscription, encoded) };
      if (shared.size >= 1024) shared.clear();
      shared.set(key, template);
    }
    const body = encoded
      ? Buffer.from(encoded.body.buffer, encoded.body.byteOffset, encoded.body.byteLength)
      : null;
    return { endpoint: subscription.endpoint, method: 'POST', headers: template.push.headers, body };
  };
}

/**
 * The endpoint up to the first "/" after its scheme: it always contains the whole authority (which cannot hold a
 * "/"), so two endpoints with the same prefix have the same origin. A cache key only; the origin itself comes
 * from the URL parser.
 */
function authorityPrefix(endpoint: string): string {
  const slash = endpoint.indexOf('/', endpoint.indexOf('//') + 2);
  return slash < 0 ? endpoint : endpoint.slice(0, slash);
}

/** aesgcm carries both `dh=` (encryption) and `p256ecdsa=` (VAPID) in one Crypto-Key header, `;`-separated. */
function withVapidHeaders(
  headers: Record<string, string>,
  vapid: Record<string, string>,
): Record<string, string> {
  const cryptoKey = joinCryptoKey(headers['Crypto-Key'], vapid['Crypto-Key']);
  const joined = { ...headers, ...vapid };
  if (cryptoKey) joined['Crypto-Key'] = cryptoKey;
  return joined;
}
