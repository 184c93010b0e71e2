import { sign } from 'node:crypto';
import { toBase64Url } from './base64url.ts';
import { WebPushValidationError } from './errors.ts';
import { loadVapidKey, type VapidKey } from './keys.ts';
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

/** An ES256 JWT (RFC 7515 compact form; the signature is r || s, not DER). */
export function signVapidToken(claims: ResolvedClaims, key: VapidKey): string {
  const header = toBase64Url(Buffer.from('{"typ":"JWT","alg":"ES256"}'));
  const { aud, exp, sub, ...extra } = claims;
  const payload = toBase64Url(Buffer.from(JSON.stringify({ aud, exp, sub, ...extra })));
  const signingInput = `${header}.${payload}`;
  const signature = sign('sha256', Buffer.from(signingInput), {
    key: key.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${signingInput}.${toBase64Url(signature)}`;
}

interface CachedToken {
  token: string;
  exp: number;
}
const tokenCache = new Map<string, CachedToken>();
const MAX_CACHED_TOKENS = 1024;

/**
 * A signed token for (audience, key, subject, other claims), reused until an hour before it expires. With the
 * default exp, tokens are cached; a caller-fixed exp is signed as asked and cached under that exp.
 */
export function vapidToken(
  claims: VapidClaims | undefined,
  endpoint: string,
  key: VapidKey,
  now = nowSeconds(),
): string {
  const resolved = resolveClaims(claims, endpoint, now);
  const fixedExp = claims?.exp !== undefined && claims.exp > now ? resolved.exp : 'default';
  const { aud, exp: _exp, sub, ...extra } = resolved;
  const extraKey = Object.keys(extra).length ? `|${JSON.stringify(extra)}` : '';
  const cacheKey = `${aud}|${key.publicKey}|${sub}|${fixedExp}${extraKey}`;
  const cached = tokenCache.get(cacheKey);
  if (cached && (fixedExp !== 'default' || cached.exp - now > REFRESH_MARGIN_SECONDS) && cached.exp > now) {
    return cached.token;
  }
  const token = signVapidToken(resolved, key);
  if (tokenCache.size >= MAX_CACHED_TOKENS) tokenCache.clear();
  tokenCache.set(cacheKey, { token, exp: resolved.exp });
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
export function vapidHeaders(options: VapidHeaderOptions): Record<string, string> {
  const key = loadVapidKey(options.vapidPrivateKey);
  const token = vapidToken(options.vapidClaims, options.endpoint, key, options.now);
  if ((options.contentEncoding ?? 'aes128gcm') === 'aes128gcm') {
    return { Authorization: `vapid t=${token}, k=${key.publicKey}` };
  }
  return { Authorization: `WebPush ${token}`, 'Crypto-Key': `p256ecdsa=${key.publicKey}` };
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
