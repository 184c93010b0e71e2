// The request around an encrypted body (or none), without any cryptography: RFC 8030 headers, the VAPID
// headers computed by the caller's entry (synchronous on Node, async elsewhere), the caller's own headers, and
// the per-origin header templates that sendMany reuses. Shared by request.ts (Node) and request-async.ts.
import { WebPushValidationError } from './errors.ts';
import { joinCryptoKey, mergeHeaders, protocolHeaders } from './push-options.ts';
import type { PushData, PushOptions, PushRequest, PushTarget } from './types.ts';
import type { VapidHeaderOptions } from './vapid-claims.ts';

export type Encoded = { body: Uint8Array; headers: Record<string, string> } | null;

export function hasData(data: PushData | null | undefined): data is PushData {
  return data !== undefined && data !== null && data.length > 0;
}

/** What to sign for this push, or undefined without VAPID; claims without a key are an error. */
export function vapidRequestOf(
  subscription: PushTarget,
  options: PushOptions,
): VapidHeaderOptions | undefined {
  if (options.vapidPrivateKey === undefined) {
    if (options.vapidClaims !== undefined)
      throw new WebPushValidationError('vapidPrivateKey', 'is required when vapidClaims are given');
    return undefined;
  }
  return {
    endpoint: subscription.endpoint,
    vapidPrivateKey: options.vapidPrivateKey,
    vapidClaims: options.vapidClaims ?? ({} as never),
    contentEncoding: options.contentEncoding ?? 'aes128gcm',
  };
}

/** RFC 8030 headers (checked first, so a bad ttl is reported before any key is read) and the body's headers. */
export function baseHeaders(encoded: Encoded, options: PushOptions): Record<string, string> {
  const headers = protocolHeaders(options);
  return encoded ? { ...headers, ...encoded.headers, 'Content-Type': 'application/octet-stream' } : headers;
}

/** The whole request, given the base headers and the VAPID headers (when VAPID is used). */
export function finishPushRequest(
  subscription: PushTarget,
  encoded: Encoded,
  base: Record<string, string>,
  vapid: Record<string, string> | undefined,
  options: PushOptions,
): PushRequest {
  return {
    endpoint: subscription.endpoint,
    method: 'POST',
    headers: mergeHeaders(vapid ? withVapidHeaders(base, vapid) : base, options.headers),
    body: encoded ? encoded.body : null,
  };
}

/**
 * Headers shared by many pushes with the same options (sendMany): with aes128gcm, every push to one push-service
 * origin gets the same headers, so they are built once a minute per origin (the VAPID token cache renews a token
 * an hour before it expires) and shared. aesgcm's per-message headers, and a caller-fixed VAPID exp, are built
 * for each push (`keyOf` answers undefined). A test holds both equal.
 */
export class HeaderTemplates {
  private readonly shared = new Map<string, { refreshAt: number; headers: Record<string, string> }>();

  constructor(private readonly options: PushOptions) {}

  keyOf(subscription: PushTarget, encoded: Encoded): string | undefined {
    if (this.options.vapidClaims?.exp !== undefined) return undefined;
    if (encoded && encoded.headers['Content-Encoding'] !== 'aes128gcm') return undefined;
    return `${authorityPrefix(subscription.endpoint)} ${encoded ? 'body' : 'none'}`;
  }

  get(key: string, now = Date.now()): Record<string, string> | undefined {
    const template = this.shared.get(key);
    return template && now < template.refreshAt ? template.headers : undefined;
  }

  set(key: string, push: PushRequest, now = Date.now()): void {
    if (this.shared.size >= 1024) this.shared.clear();
    this.shared.set(key, { refreshAt: now + 60_000, headers: push.headers });
  }
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
