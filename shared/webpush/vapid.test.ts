import { describe, expect, it } from 'vitest';
import { generateVapidKeys, loadVapidKey } from './keys.ts';
import { parseVapidAuthorization, verifyJwt } from './test-helpers.ts';
import { resolveClaims, vapidHeaders, vapidToken } from './vapid.ts';

const keys = generateVapidKeys();
const endpoint = 'https://updates.push.services.mozilla.com/wpush/v2/gAAAA';
const NOW = 1_800_000_000;

describe('RFC 8292 VAPID', () => {
  it('aes128gcm: `vapid t=, k=`, an ES256 JWT that verifies against k, aud = endpoint origin, exp now+12h', () => {
    const headers = vapidHeaders({
      endpoint,
      vapidPrivateKey: keys.privateKeyPem,
      vapidClaims: { sub: 'mailto:ops@example.com' },
      now: NOW,
    });
    const { t, k } = parseVapidAuthorization(headers.Authorization);
    expect(k).toBe(keys.publicKey);
    expect(verifyJwt(t, k)).toEqual({
      aud: 'https://updates.push.services.mozilla.com',
      exp: NOW + 43200,
      sub: 'mailto:ops@example.com',
    });
    expect(Object.keys(headers)).toEqual(['Authorization']);
  });

  it('aesgcm: `WebPush <jwt>` and `Crypto-Key: p256ecdsa=`', () => {
    const headers = vapidHeaders({
      endpoint,
      vapidPrivateKey: keys.privateKey,
      vapidClaims: { sub: 'https://example.com/contact' },
      contentEncoding: 'aesgcm',
      now: NOW,
    });
    expect(headers['Crypto-Key']).toBe(`p256ecdsa=${keys.publicKey}`);
    const token = headers.Authorization!.replace(/^WebPush /, '');
    expect(verifyJwt(token, keys.publicKey).sub).toBe('https://example.com/contact');
  });

  it('never mutates the caller claims; replaces a past exp; refuses exp beyond 24 h', () => {
    const claims = Object.freeze({ sub: 'mailto:a@example.com', exp: NOW - 5 });
    expect(resolveClaims(claims, endpoint, NOW)).toEqual({
      aud: 'https://updates.push.services.mozilla.com',
      exp: NOW + 43200,
      sub: claims.sub,
    });
    expect(claims).toEqual({ sub: 'mailto:a@example.com', exp: NOW - 5 });
    expect(resolveClaims({ sub: claims.sub, exp: NOW + 86400 }, endpoint, NOW).exp).toBe(NOW + 86400);
    expect(() => resolveClaims({ sub: claims.sub, exp: NOW + 86401 }, endpoint, NOW)).toThrow(
      'vapidClaims.exp: is 86401 s ahead; RFC 8292 allows at most 24 hours (86400 s)',
    );
  });

  it('keeps an explicit aud, and refuses one that is not an origin', () => {
    expect(
      resolveClaims({ sub: 'mailto:a@example.com', aud: 'https://fcm.googleapis.com' }, endpoint, NOW).aud,
    ).toBe('https://fcm.googleapis.com');
    expect(() =>
      resolveClaims({ sub: 'mailto:a@example.com', aud: 'https://x.com/path' }, endpoint, NOW),
    ).toThrow(/^vapidClaims.aud: must be the origin/);
  });

  it('refuses a subject Apple would reject', () => {
    const bad = [
      'admin@example.com',
      'http://example.com',
      'mailto:me@localhost',
      'https://localhost:3000',
      'https://127.0.0.1',
    ];
    for (const sub of bad)
      expect(() => resolveClaims({ sub }, endpoint, NOW), sub).toThrow(/^vapidClaims.sub: /);
    expect(() => resolveClaims(undefined, endpoint, NOW)).toThrow(/^vapidClaims.sub: is required/);
  });

  it('reuses the signed token per (audience, key, subject) until an hour before exp, never after', () => {
    const key = loadVapidKey(generateVapidKeys().privateKeyPem);
    const claims = { sub: 'mailto:cache@example.com' };
    const first = vapidToken(claims, endpoint, key, NOW);
    expect(vapidToken(claims, `${endpoint}/other-device`, key, NOW + 100)).toBe(first);
    expect(vapidToken(claims, 'https://fcm.googleapis.com/fcm/send/x', key, NOW)).not.toBe(first);
    expect(vapidToken({ sub: 'mailto:other@example.com' }, endpoint, key, NOW)).not.toBe(first);
    expect(vapidToken(claims, endpoint, key, NOW + 39600 - 1)).toBe(first); // 11 h later: 1 h + 1 s left
    const renewed = vapidToken(claims, endpoint, key, NOW + 39600);
    expect(renewed).not.toBe(first);
    expect(verifyJwt(renewed, key.publicKey).exp).toBe(NOW + 39600 + 43200);
  });
});
