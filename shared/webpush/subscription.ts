import { fromBase64Url } from './base64url.ts';
import { WebPushValidationError } from './errors.ts';
import { decodeP256Point, parseP256Point } from './p256.ts';
import type { PushSubscriptionJSON } from './types.ts';

/**
 * Checks a subscription as the browser's `toJSON()` gives it: endpoint an http(s) URL, `keys.p256dh` a point on
 * P-256, `keys.auth` 16 bytes. Returns a clean copy; errors name the field.
 */
export function validateSubscription(value: unknown): PushSubscriptionJSON {
  return readSubscription(value, true);
}

/**
 * The same checks but the curve test, for hot paths that encrypt right after: ECDH tests the curve anyway,
 * and reports it under the same field name.
 */
export function readSubscription(value: unknown, checkCurve: boolean): PushSubscriptionJSON {
  if (!value || typeof value !== 'object') {
    throw new WebPushValidationError('subscription', 'must be an object like PushSubscription.toJSON()');
  }
  const input = value as Record<string, unknown>;
  const endpoint = checkEndpoint(input.endpoint);
  const keys = input.keys as Record<string, unknown> | undefined;
  if (!keys || typeof keys !== 'object') {
    throw new WebPushValidationError('keys', 'is required and must hold p256dh and auth');
  }
  if (typeof keys.p256dh !== 'string')
    throw new WebPushValidationError('keys.p256dh', 'must be a base64url string');
  if (typeof keys.auth !== 'string')
    throw new WebPushValidationError('keys.auth', 'must be a base64url string');
  (checkCurve ? parseP256Point : decodeP256Point)(keys.p256dh, 'keys.p256dh');
  const auth = fromBase64Url(keys.auth, 'keys.auth');
  if (auth.length !== 16)
    throw new WebPushValidationError('keys.auth', `must decode to 16 bytes (got ${auth.length})`);
  const expirationTime = input.expirationTime;
  if (expirationTime !== undefined && expirationTime !== null && typeof expirationTime !== 'number') {
    throw new WebPushValidationError('expirationTime', 'must be a number (ms since 1970) or null');
  }
  return { endpoint, expirationTime: expirationTime ?? null, keys: { p256dh: keys.p256dh, auth: keys.auth } };
}

function checkEndpoint(endpoint: unknown): string {
  if (typeof endpoint !== 'string' || endpoint === '') {
    throw new WebPushValidationError('endpoint', 'is required and must be a URL string');
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new WebPushValidationError('endpoint', `must be an absolute URL, got "${endpoint.slice(0, 100)}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WebPushValidationError(
      'endpoint',
      `must be an https: URL (http: for a local push service), got ${url.protocol}`,
    );
  }
  return endpoint;
}
