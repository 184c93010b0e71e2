/**
 * RFC 8292 VAPID verification on node:crypto alone. Written independently of shared/webpush on
 * purpose: it is the check our sender is tested against, so it must not share that code.
 */
import { createPublicKey, verify } from 'node:crypto';

const ONE_DAY_SECONDS = 24 * 60 * 60;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** 401: no usable token; 403: a valid token for another application server key (RFC 8292 §4.2). */
export class VapidError extends Error {
  override name = 'VapidError';
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

export interface VapidCredentials {
  scheme: 'vapid' | 'webpush';
  token: string;
  /** The sender's public key as sent (`k=` or `p256ecdsa=`). */
  key: string;
}

export interface VapidClaims {
  aud: string;
  exp: number;
  sub: string;
  [claim: string]: unknown;
}

export interface VapidExpectations {
  /** This push service's origin, e.g. `http://127.0.0.1:8089`. */
  audience: string;
  /** Milliseconds since the epoch. */
  now: number;
  /** The applicationServerKey the browser registered with, or null when it gave none. */
  registeredKey: Buffer | null;
}

/** Reads `vapid t=<jwt>, k=<key>` (RFC 8292) or `WebPush <jwt>` + `Crypto-Key: p256ecdsa=<key>` (draft 01). */
export function parseVapidCredentials(
  authorization: string | undefined,
  cryptoKey: string | undefined,
): VapidCredentials {
  if (!authorization)
    throw new VapidError(401, 'Missing Authorization header: VAPID is required (vapid t=<jwt>, k=<key>)');
  const [scheme = '', ...rest] = authorization.trim().split(/\s+/);
  const value = rest.join(' ');
  if (scheme.toLowerCase() === 'vapid') {
    const params = parseParams(value, ',');
    const token = params.get('t');
    const key = params.get('k');
    if (!token) throw new VapidError(401, 'Authorization: vapid is missing t=<jwt>');
    if (!key) throw new VapidError(401, 'Authorization: vapid is missing k=<public key>');
    return { scheme: 'vapid', token, key };
  }
  if (scheme.toLowerCase() === 'webpush') {
    if (!value) throw new VapidError(401, 'Authorization: WebPush is missing the JWT');
    const key = parseParams(cryptoKey ?? '', /[,;]/).get('p256ecdsa');
    if (!key)
      throw new VapidError(
        401,
        'Authorization: WebPush needs p256ecdsa=<public key> in the Crypto-Key header',
      );
    return { scheme: 'webpush', token: value, key };
  }
  throw new VapidError(401, `Authorization scheme "${scheme}" is not VAPID (expected "vapid" or "WebPush")`);
}

/** Checks key, signature and claims; returns the verified claims. Throws VapidError. */
export function verifyVapid(credentials: VapidCredentials, expect: VapidExpectations): VapidClaims {
  const publicKey = decodePublicKey(credentials.key, 'k');
  if (expect.registeredKey && !publicKey.equals(expect.registeredKey)) {
    throw new VapidError(
      403,
      'VAPID public key does not match the applicationServerKey this subscription was created with',
    );
  }
  const parts = credentials.token.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) {
    throw new VapidError(401, 'VAPID token is not a JWT (three base64url parts separated by ".")');
  }
  const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart, 'JWT header');
  if (header.alg !== 'ES256')
    throw new VapidError(401, `JWT header alg must be "ES256", got ${JSON.stringify(header.alg)}`);

  const signature = Buffer.from(signaturePart, 'base64url');
  if (signature.length !== 64)
    throw new VapidError(401, `JWT signature must be 64 bytes (r || s), got ${signature.length}`);
  const signed = Buffer.from(`${headerPart}.${claimsPart}`);
  const key = createPublicKey({ key: jwkFromPoint(publicKey), format: 'jwk' });
  if (!verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature)) {
    throw new VapidError(401, 'JWT signature does not verify with the VAPID public key');
  }
  return checkClaims(decodeJson(claimsPart, 'JWT claims'), expect);
}

function checkClaims(claims: Record<string, unknown>, expect: VapidExpectations): VapidClaims {
  const { aud, exp, sub } = claims;
  if (aud !== expect.audience) {
    throw new VapidError(
      401,
      `JWT aud must be the push service origin "${expect.audience}", got ${JSON.stringify(aud)}`,
    );
  }
  if (typeof exp !== 'number' || !Number.isInteger(exp)) {
    throw new VapidError(401, 'JWT exp must be an integer number of seconds since the epoch');
  }
  const nowSeconds = Math.floor(expect.now / 1000);
  if (exp <= nowSeconds) throw new VapidError(401, `JWT exp ${exp} is in the past (now ${nowSeconds})`);
  if (exp > nowSeconds + ONE_DAY_SECONDS) {
    throw new VapidError(401, `JWT exp ${exp} is more than 24 hours ahead (now ${nowSeconds})`);
  }
  // autopush deserialises sub as a required string; RFC 8292 says SHOULD.
  if (typeof sub !== 'string' || sub === '')
    throw new VapidError(401, 'JWT sub must be a contact (mailto: or https: URL)');
  return claims as VapidClaims;
}

/** 65-byte uncompressed P-256 point from base64url, with or without '=' padding (Firefox pads). */
export function decodePublicKey(text: string, field: string): Buffer {
  const fail = () =>
    new VapidError(401, `${field} must be a base64url 65-byte uncompressed P-256 public key`);
  if (!BASE64URL.test(text)) throw fail();
  const bytes = Buffer.from(text.replace(/=+$/, ''), 'base64url');
  if (bytes.length !== 65 || bytes[0] !== 0x04) throw fail();
  try {
    createPublicKey({ key: jwkFromPoint(bytes), format: 'jwk' });
  } catch {
    throw new VapidError(401, `${field} is not a point on the P-256 curve`);
  }
  return bytes;
}

function jwkFromPoint(point: Buffer) {
  return {
    kty: 'EC',
    crv: 'P-256',
    x: point.subarray(1, 33).toString('base64url'),
    y: point.subarray(33, 65).toString('base64url'),
  };
}

function decodeJson(part: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new VapidError(401, `${what} is not a base64url JSON object`);
}

/** `a=1, b="2"` -> Map; quotes stripped. */
function parseParams(text: string, separator: string | RegExp): Map<string, string> {
  const params = new Map<string, string>();
  for (const piece of text.split(separator)) {
    const at = piece.indexOf('=');
    if (at <= 0) continue;
    params.set(
      piece.slice(0, at).trim().toLowerCase(),
      piece
        .slice(at + 1)
        .trim()
        .replace(/^"|"$/g, ''),
    );
  }
  return params;
}
