// RFC 8292 VAPID on node:crypto, synchronous (the Node entry): an ES256 JWT from a prepared KeyObject costs
// ~50 us, and a token is signed once per audience and reused (vapid-claims.ts).
import { toBase64Url } from './base64url.ts';
import { utf8 } from './bytes.ts';
import { signEs256 } from './crypto-node.ts';
import { loadVapidKey, type VapidKey } from './keys.ts';
import type { VapidClaims } from './types.ts';
import {
  jwtSigningInput,
  nowSeconds,
  storeToken,
  tokenSlot,
  vapidAuthHeaders,
  type ResolvedClaims,
  type VapidHeaderOptions,
} from './vapid-claims.ts';

export {
  DEFAULT_EXPIRY_SECONDS,
  MAX_EXPIRY_SECONDS,
  nowSeconds,
  resolveClaims,
  type ResolvedClaims,
  type VapidHeaderOptions,
} from './vapid-claims.ts';

/** An ES256 JWT (RFC 7515 compact form; the signature is r || s, not DER). */
export function signVapidToken(claims: ResolvedClaims, key: VapidKey): string {
  const signingInput = jwtSigningInput(claims);
  return `${signingInput}.${toBase64Url(signEs256(key.privateKey, utf8(signingInput)))}`;
}

/** A signed token for the claims, from the cache while it has more than an hour left. */
export function vapidToken(
  claims: VapidClaims | undefined,
  endpoint: string,
  key: VapidKey,
  now = nowSeconds(),
): string {
  const slot = tokenSlot(claims, endpoint, key, now);
  return slot.cached ?? storeToken(slot, signVapidToken(slot.resolved, key));
}

/** The VAPID headers for one endpoint (see vapidAuthHeaders). */
export function vapidHeaders(options: VapidHeaderOptions): Record<string, string> {
  const key = loadVapidKey(options.vapidPrivateKey);
  const token = vapidToken(options.vapidClaims, options.endpoint, key, options.now);
  return vapidAuthHeaders(token, key.publicKey, options.contentEncoding);
}
