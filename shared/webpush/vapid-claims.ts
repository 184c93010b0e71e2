// RFC 8292 VAPID without the signing: claims checked and completed, the JWT's text, the token cache and the
// headers. Shared by the Node entry (vapid.ts, node:crypto, synchronous) and the portable one (vapid-async.ts).
import { toBase64Url } from './base64url.ts';
import { utf8 } from './bytes.ts';
import type { VapidKey } from './crypto-backend.ts';
import { WebPushValidationError } from './errors.ts';
import type { ContentEncoding, VapidClaims, VapidKeyInput } from './types.ts';

/** RFC 8292 §2: exp at most 24 h ahead; 12 h is what we sign by default. */
export const MAX_EXPIRY_SECONDS = 24 * 60 * 60;
export const DEFAULT_EXPIRY_SECONDS = 12 * 60 * 60;
/** A cached token is replaced once less than this is left, so no request carries one about to expire. */
const REFRESH_MARGIN_SECONDS = 60 * 60;

/** The claims to sign: aud, exp and sub checked and filled in, then the caller's other claims as given. */
export interface ResolvedClaims {
  aud: string;
  exp: number;
  sub: string;
  [claim: string]: unknown;
}

/**
 * Checks and completes the claims without touching the caller's object: aud defaults to the endpoint's
 * origin, a missing or past exp becomes now + 12 h, an exp more than 24 h ahead is refused. Other claims are
 * kept (py_vapid signs every claim it is given), as long as JSON can carry them.
 */
export function resolveClaims(
  claims: VapidClaims | undefined,
  endpoint: string,
  now = nowSeconds(),
): ResolvedClaims {
  if (!claims || typeof claims.sub !== 'string') {
    throw new WebPushValidationError(
      'vapidClaims.sub',
      'is required: a mailto: address or an https: URL where you can be reached',
    );
  }
  const sub = checkSubject(claims.sub);
  const aud = claims.aud ?? new URL(endpoint).origin;
  if (!/^https?:\/\/[^/]+$/.test(aud)) {
    throw new WebPushValidationError(
      'vapidClaims.aud',
      `must be the origin of the push service (scheme://host[:port]), got "${aud}"`,
    );
  }
  let exp = claims.exp;
  if (exp !== undefined && (!Number.isInteger(exp) || exp < 0)) {
    throw new WebPushValidationError('vapidClaims.exp', 'must be a whole number of seconds since 1970');
  }
  if (exp === undefined || exp <= now) exp = now + DEFAULT_EXPIRY_SECONDS;
  if (exp > now + MAX_EXPIRY_SECONDS) {
    throw new WebPushValidationError(
      'vapidClaims.exp',
      `is ${exp - now} s ahead; RFC 8292 allows at most 24 hours (86400 s)`,
    );
  }
  return { ...extraClaims(claims), aud, exp, sub };
}

/** The claims besides aud, exp and sub, checked; undefined when there are none. */
function extraClaims(claims: VapidClaims): Record<string, unknown> | undefined {
  const extra = Object.entries(claims).filter(([name]) => name !== 'aud' && name !== 'exp' && name !== 'sub');
  for (const [name, value] of extra) {
    if (!isJsonValue(value, new Set())) {
      throw new WebPushValidationError(
        `vapidClaims.${name}`,
        'must be a JSON value (string, finite number, boolean, null, array or object, without cycles)',
      );
    }
  }
  return extra.length ? Object.fromEntries(extra) : undefined; // fromEntries keeps even a "__proto__" claim
}

function isJsonValue(value: unknown, within: Set<object>): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || within.has(value)) return false;
  within.add(value);
  const ok = Object.values(value).every((item) => isJsonValue(item, within));
  within.delete(value);
  return ok;
}

function checkSubject(sub: string): string {
  let url: URL;
  try {
    url = new URL(sub);
  } catch {
    throw new WebPushValidationError('vapidClaims.sub', `must be a mailto: or https: URL, got "${sub}"`);
  }
  if (url.protocol !== 'mailto:' && url.protocol !== 'https:') {
    throw new WebPushValidationError('vapidClaims.sub', `must be a mailto: or https: URL, got "${sub}"`);
  }
  const host = url.protocol === 'mailto:' ? sub.slice(sub.lastIndexOf('@') + 1) : url.hostname;
  if (/^(localhost|127\.|\[?::1\]?$)|\.localhost$/i.test(host)) {
    throw new WebPushValidationError(
      'vapidClaims.sub',
      `is at ${host}: Apple's push service rejects a localhost subject (403 BadJwtToken); use a real address`,
    );
  }
  return sub;
}

const JWT_HEADER = toBase64Url(utf8('{"typ":"JWT","alg":"ES256"}'));

/** The JWS signing input (RFC 7515 compact form): base64url(header) "." base64url(claims). */
export function jwtSigningInput(claims: ResolvedClaims): string {
  const { aud, exp, sub, ...extra } = claims;
  return `${JWT_HEADER}.${toBase64Url(utf8(JSON.stringify({ aud, exp, sub, ...extra })))}`;
}

interface CachedToken {
  token: string;
  exp: number;
}
const tokenCache = new Map<string, CachedToken>();
const MAX_CACHED_TOKENS = 1024;

/** Where a token for these claims lives in the cache, and whether a fresh one is there already. */
export interface TokenSlot {
  resolved: ResolvedClaims;
  cacheKey: string;
  cached: string | undefined;
}

/**
 * A token for (audience, key, subject, other claims) is reused until an hour before it expires. With the
 * default exp, tokens are cached; a caller-fixed exp is signed as asked and cached under that exp.
 */
export function tokenSlot(
  claims: VapidClaims | undefined,
  endpoint: string,
  key: VapidKey,
  now: number,
): TokenSlot {
  const resolved = resolveClaims(claims, endpoint, now);
  const fixedExp = claims?.exp !== undefined && claims.exp > now ? resolved.exp : 'default';
  const { aud, exp: _exp, sub, ...extra } = resolved;
  const extraKey = Object.keys(extra).length ? `|${JSON.stringify(extra)}` : '';
  const cacheKey = `${aud}|${key.publicKey}|${sub}|${fixedExp}${extraKey}`;
  const hit = tokenCache.get(cacheKey);
  const fresh = hit && (fixedExp !== 'default' || hit.exp - now > REFRESH_MARGIN_SECONDS) && hit.exp > now;
  return { resolved, cacheKey, cached: fresh ? hit.token : undefined };
}

export function storeToken(slot: TokenSlot, token: string): string {
  if (tokenCache.size >= MAX_CACHED_TOKENS) tokenCache.clear();
  tokenCache.set(slot.cacheKey, { token, exp: slot.resolved.exp });
  return token;
}

export interface VapidHeaderOptions {
  endpoint: string;
  vapidPrivateKey: VapidKeyInput;
  vapidClaims: VapidClaims;
  contentEncoding?: ContentEncoding;
  /** Seconds since 1970; tests pin it. */
  now?: number;
}

/**
 * RFC 8292 headers: `Authorization: vapid t=..., k=...` for aes128gcm; the legacy `WebPush <jwt>` with
 * `Crypto-Key: p256ecdsa=...` for aesgcm, as browsers and push services expect with that encoding.
 */
export function vapidAuthHeaders(
  token: string,
  publicKey: string,
  contentEncoding: ContentEncoding | undefined,
): Record<string, string> {
  if ((contentEncoding ?? 'aes128gcm') === 'aes128gcm') {
    return { Authorization: `vapid t=${token}, k=${publicKey}` };
  }
  return { Authorization: `WebPush ${token}`, 'Crypto-Key': `p256ecdsa=${publicKey}` };
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
