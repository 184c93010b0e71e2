import { encrypt, type EncryptedPayload } from './encrypt.ts';
import { NoDataError, WebPushValidationError } from './errors.ts';
import { checkContentEncoding, mergeHeaders, protocolHeaders } from './push-options.ts';
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
    headers = joinCryptoKey(headers, vapid);
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

/** aesgcm carries both `dh=` (encryption) and `p256ecdsa=` (VAPID) in one Crypto-Key header, `;`-separated. */
function joinCryptoKey(
  headers: Record<string, string>,
  vapid: Record<string, string>,
): Record<string, string> {
  const cryptoKey = [headers['Crypto-Key'], vapid['Crypto-Key']].filter(Boolean).join(';');
  const joined = { ...headers, ...vapid };
  if (cryptoKey) joined['Crypto-Key'] = cryptoKey;
  return joined;
}
