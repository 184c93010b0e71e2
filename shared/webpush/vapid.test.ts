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

  it('signs every extra claim it is given, as py_vapid does, next to aud, exp and sub', () => {
    for (const contentEncoding of ['aes128gcm', 'aesgcm'] as const) {
      const headers = vapidHeaders({
        endpoint,
        vapidPrivateKey: keys.privateKeyPem,
        vapidClaims: { sub: 'mailto:ops@example.com', 'cust-id': 'a3sf', tier: { level: 2, beta: true } },
        contentEncoding,
        now: NOW,
      });
      const token =
        contentEncoding === 'aes128gcm'
          ? parseVapidAuthorization(headers.Authorization).t
          : headers.Authorization!.replace(/^WebPush /, '');
      expect(verifyJwt(token, keys.publicKey)).toEqual({
        aud: 'https://updates.push.services.mozilla.com',
        exp: NOW + 43200,
        sub: 'mailto:ops@example.com',
        'cust-id': 'a3sf',
        tier: { level: 2, beta: true },
      });
    }
  });

  it('still checks aud, exp and sub when extra claims come with them, and refuses a claim JSON cannot carry', () => {
    const extra = { 'cust-id': 'a3sf' };
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => resolveClaims({ sub: 'mailto:a@localhost', ...extra }, endpoint, NOW)).toThrow(
      /^vapidClaims.sub: is at localhost/,
    );
    expect(() => resolveClaims({ sub: 'mailto:a@example.com', aud: 'x', ...extra }, endpoint, NOW)).toThrow(
      /^vapidClaims.aud: must be the origin/,
    );
    expect(() =>
      resolveClaims({ sub: 'mailto:a@example.com', exp: NOW + 90000, ...extra }, endpoint, NOW),
    ).toThrow(/^vapidClaims.exp: is 90000 s ahead/);
    for (const [name, value] of [
      ['when', undefined],
      ['score', Number.NaN],
      ['nested', { at: () => 1 }],
      ['big', 10n],
      ['loop', cyclic],
    ] as const) {
      expect(
        () => resolveClaims({ sub: 'mailto:a@example.com', [name]: value }, endpoint, NOW),
        name,
      ).toThrow(
        `vapidClaims.${name}: must be a JSON value (string, finite number, boolean, null, array or object, without cycles)`,
      );
    }
  });

  it('caches a token per set of extra claims: other claims, another token', () => {
    const key = loadVapidKey(generateVapidKeys().privateKeyPem);
    const sub = 'mailto:cache@example.com';
    const plain = vapidToken({ sub }, endpoint, key, NOW);
    const a = vapidToken({ sub, 'cust-id': 'a' }, endpoint, key, NOW);
    const b = vapidToken({ sub, 'cust-id': 'b' }, endpoint, key, NOW);
    expect(new Set([plain, a, b]).size).toBe(3);
    expect(vapidToken({ sub, 'cust-id': 'a' }, endpoint, key, NOW + 100)).toBe(a);
    expect(verifyJwt(plain, key.publicKey)['cust-id']).toBeUndefined();
    expect(verifyJwt(a, key.publicKey)['cust-id']).toBe('a');
    expect(verifyJwt(b, key.publicKey)['cust-id']).toBe('b');
  });
});
