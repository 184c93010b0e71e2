import { fromBase64Url } from './base64url.ts';
import { WebPushValidationError } from './errors.ts';
import { decodeP256Point, parseP256Point } from './p256.ts';
import type { KeylessSubscription, PushSubscriptionJSON, PushTarget } from './types.ts';

/** Why data cannot go to a subscription without keys. */
export const NEEDS_KEYS =
  'are required to send data (p256dh and auth); a subscription without keys can only get a push without data';

/**
 * Checks a subscription as the browser's `toJSON()` gives it: endpoint an http(s) URL, `keys.p256dh` a point on
 * P-256, `keys.auth` 16 bytes. Returns a clean copy; errors name the field.
 */
export function validateSubscription(value: unknown): PushSubscriptionJSON;
/** With `{ keys: 'optional' }`, a subscription without `keys` passes too (for pushes without data). */
export function validateSubscription(value: unknown, options: { keys: 'optional' }): PushTarget;
export function validateSubscription(value: unknown, options?: { keys: 'optional' }): PushTarget {
  return readSubscription(value, true, options?.keys !== 'optional');
}

/**
 * The same checks but the curve test, for hot paths that encrypt right after: ECDH tests the curve anyway,
 * and reports it under the same field name. Without `keysRequired`, a subscription with no `keys` at all (absent
 * or null) is returned without them; keys that are there are checked all the same.
 */
export function readSubscription(value: unknown, checkCurve: boolean): PushSubscriptionJSON;
export function readSubscription(value: unknown, checkCurve: boolean, keysRequired: boolean): PushTarget;
export function readSubscription(value: unknown, checkCurve: boolean, keysRequired = true): PushTarget {
  if (!value || typeof value !== 'object') {
    throw new WebPushValidationError('subscription', 'must be an object like PushSubscription.toJSON()');
  }
  const input = value as Record<string, unknown>;
  const endpoint = checkEndpoint(input.endpoint);
  const keys = input.keys as Record<string, unknown> | undefined | null;
  if ((keys === undefined || keys === null) && !keysRequired) return keyless(endpoint, input.expirationTime);
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
  const expirationTime = checkExpiration(input.expirationTime);
  return { endpoint, expirationTime, keys: { p256dh: keys.p256dh, auth: keys.auth } };
}

function keyless(endpoint: string, expirationTime: unknown): KeylessSubscription {
  return { endpoint, expirationTime: checkExpiration(expirationTime) };
}

function checkExpiration(expirationTime: unknown): number | null {
  if (expirationTime !== undefined && expirationTime !== null && typeof expirationTime !== 'number') {
    throw new WebPushValidationError('expirationTime', 'must be a number (ms since 1970) or null');
  }
  return expirationTime ?? null;
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
