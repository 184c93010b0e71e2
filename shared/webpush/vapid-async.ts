// RFC 8292 VAPID in the portable API: the same claims, token cache and headers as the Node entry's
// (vapid-claims.ts), signed by the runtime's crypto back end.
import { crypto } from '#runtime';
import { toBase64Url } from './base64url.ts';
import { utf8 } from './bytes.ts';
import type { VapidKey } from './crypto-backend.ts';
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
import { loadVapidKey } from './vapid-key.ts';

export type { VapidHeaderOptions };

/** An ES256 JWT (RFC 7515 compact form; the signature is r || s, not DER). */
export async function signVapidToken(claims: ResolvedClaims, key: VapidKey): Promise<string> {
  const signingInput = jwtSigningInput(claims);
  return `${signingInput}.${toBase64Url(await crypto.signEs256(key, utf8(signingInput)))}`;
}

/** A signed token for the claims, from the cache while it has more than an hour left. */
export async function vapidToken(
  claims: VapidClaims | undefined,
  endpoint: string,
  key: VapidKey,
  now = nowSeconds(),
): Promise<string> {
  const slot = tokenSlot(claims, endpoint, key, now);
  return slot.cached ?? storeToken(slot, await signVapidToken(slot.resolved, key));
}

/** The VAPID headers for one endpoint: `Authorization` (and for aesgcm, `Crypto-Key: p256ecdsa=`). */
export async function vapidHeaders(options: VapidHeaderOptions): Promise<Record<string, string>> {
  const key = await loadVapidKey(options.vapidPrivateKey);
  const token = await vapidToken(options.vapidClaims, options.endpoint, key, options.now);
  return vapidAuthHeaders(token, key.publicKey, options.contentEncoding);
}
