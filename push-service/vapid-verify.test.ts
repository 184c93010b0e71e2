import { describe, expect, it } from 'vitest';
import { claimsFor, makeVapidKeys, signJwt, vapidAuthorization } from './test-support.ts';
import { parseVapidCredentials, VapidError, verifyVapid } from './vapid-verify.ts';

const AUD = 'http://127.0.0.1:8089';
const NOW = Date.UTC(2026, 10, 1, 12, 0, 0);
const keys = makeVapidKeys();
const registeredKey = Buffer.from(keys.publicKey, 'base64url');

function check(
  authorization: string | undefined,
  cryptoKey?: string,
  expectedKey: Buffer | null = registeredKey,
) {
  return verifyVapid(parseVapidCredentials(authorization, cryptoKey), {
    audience: AUD,
    now: NOW,
    registeredKey: expectedKey,
  });
}

function failure(run: () => unknown): { status: number; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof VapidError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected a VapidError');
}

describe('VAPID verification (RFC 8292)', () => {
  it('accepts `vapid t=, k=` and returns the claims', () => {
    const claims = check(vapidAuthorization(keys, claimsFor(AUD, NOW)));
    expect(claims).toEqual({ aud: AUD, exp: NOW / 1000 + 12 * 3600, sub: 'mailto:ops@example.com' });
  });

  it('accepts the aesgcm-era form: `WebPush <jwt>` with p256ecdsa in Crypto-Key', () => {
    const token = signJwt(keys.privateKey, claimsFor(AUD, NOW));
    const claims = check(`WebPush ${token}`, `dh=BOgx;p256ecdsa=${keys.publicKey}`);
    expect(claims.aud).toBe(AUD);
  });

  it('compares k with the registered key as bytes, so base64url padding does not matter', () => {
    const padded = `${keys.publicKey}=`;
    expect(check(`vapid t=${signJwt(keys.privateKey, claimsFor(AUD, NOW))}, k=${padded}`).sub).toBe(
      'mailto:ops@example.com',
    );
  });

  it('skips the key comparison when the subscription was made without an applicationServerKey', () => {
    const other = makeVapidKeys();
    expect(check(vapidAuthorization(other, claimsFor(AUD, NOW)), undefined, null).aud).toBe(AUD);
  });

  it.each([
    ['no Authorization header', undefined, undefined, /Missing Authorization header/],
    ['a Bearer token', 'Bearer abc', undefined, /scheme "Bearer" is not VAPID/],
    ['vapid without k', 'vapid t=a.b.c', undefined, /missing k=/],
    ['vapid without t', `vapid k=${keys.publicKey}`, undefined, /missing t=/],
    ['WebPush without p256ecdsa', 'WebPush a.b.c', 'dh=abc', /p256ecdsa/],
    ['a token that is not a JWT', `vapid t=notajwt, k=${keys.publicKey}`, undefined, /not a JWT/],
    ['k that is not a P-256 point', 'vapid t=a.b.c, k=AAAA', undefined, /65-byte uncompressed P-256/],
  ])('401 for %s', (_name, authorization, cryptoKey, message) => {
    const result = failure(() => check(authorization, cryptoKey));
    expect(result.status).toBe(401);
    expect(result.message).toMatch(message);
  });

  it('401 when the signature was made by another key', () => {
    const forged = signJwt(makeVapidKeys().privateKey, claimsFor(AUD, NOW));
    expect(failure(() => check(`vapid t=${forged}, k=${keys.publicKey}`))).toEqual({
      status: 401,
      message: 'JWT signature does not verify with the VAPID public key',
    });
  });

  it('401 when alg is not ES256', () => {
    const token = signJwt(keys.privateKey, claimsFor(AUD, NOW), { typ: 'JWT', alg: 'HS256' });
    expect(failure(() => check(`vapid t=${token}, k=${keys.publicKey}`)).message).toBe(
      'JWT header alg must be "ES256", got "HS256"',
    );
  });

  it.each([
    ['aud is another origin', { aud: 'https://push.example.net' }, /aud must be the push service origin/],
    ['aud has a path', { aud: `${AUD}/wpush` }, /aud must be the push service origin/],
    ['exp is now', { exp: NOW / 1000 }, /is in the past/],
    ['exp is more than 24 h ahead', { exp: NOW / 1000 + 86_401 }, /more than 24 hours ahead/],
    ['exp is a string', { exp: String(NOW / 1000 + 60) }, /exp must be an integer/],
    ['sub is missing', { sub: undefined }, /sub must be a contact/],
  ])('401 when %s', (_name, overrides, message) => {
    const result = failure(() => check(vapidAuthorization(keys, claimsFor(AUD, NOW, overrides))));
    expect(result.status).toBe(401);
    expect(result.message).toMatch(message);
  });

  it('accepts exp exactly 24 h ahead', () => {
    expect(check(vapidAuthorization(keys, claimsFor(AUD, NOW, { exp: NOW / 1000 + 86_400 }))).exp).toBe(
      NOW / 1000 + 86_400,
    );
  });

  it('403 when a valid token is signed with a key other than the registered one', () => {
    const other = makeVapidKeys();
    expect(failure(() => check(vapidAuthorization(other, claimsFor(AUD, NOW))))).toEqual({
      status: 403,
      message: 'VAPID public key does not match the applicationServerKey this subscription was created with',
    });
  });
});
