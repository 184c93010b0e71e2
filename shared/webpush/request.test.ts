import { describe, expect, it } from 'vitest';
import { encrypt } from './encrypt.ts';
import { generateVapidKeys } from './keys.ts';
import { assemblePushRequest, pushAssembler } from './request.ts';
import { makeSubscription, parseVapidAuthorization, verifyJwt } from './test-helpers.ts';
import type { PushOptions } from './types.ts';

const vapid = generateVapidKeys();
const base: PushOptions = {
  vapidPrivateKey: vapid.privateKey,
  vapidClaims: { sub: 'mailto:ops@example.com' },
  ttl: 60,
  urgency: 'high',
  headers: { 'X-Extra': 'yes' },
};
const sameOrigin = [
  makeSubscription('https://fcm.example.com/send/a'),
  makeSubscription('https://fcm.example.com/send/b?x=1'),
];
const otherOrigin = makeSubscription('https://push.example.org:8443/wpush/c');

function encoded(subscription: (typeof sameOrigin)[number]['subscription'], options: PushOptions) {
  const out = encrypt('hello', subscription.keys, { contentEncoding: options.contentEncoding });
  return { body: new Uint8Array(out.body), headers: out.headers };
}

describe('pushAssembler', () => {
  it('builds what assemblePushRequest builds, for each encoding, with and without a body', () => {
    for (const options of [base, { ...base, contentEncoding: 'aesgcm' as const }, { ...base, headers: {} }]) {
      const assemble = pushAssembler(options);
      for (const { subscription } of [...sameOrigin, otherOrigin, sameOrigin[0]!]) {
        for (const body of [encoded(subscription, options), null]) {
          expect(assemble(subscription, body)).toEqual(assemblePushRequest(subscription, body, options));
        }
      }
    }
  });

  it('shares one headers object per origin with aes128gcm, each with the audience of its origin', () => {
    const assemble = pushAssembler(base);
    const [a, b, c] = [...sameOrigin, otherOrigin].map(({ subscription }) =>
      assemble(subscription, encoded(subscription, base)),
    );
    expect(a!.headers).toBe(b!.headers);
    expect(a!.headers).not.toBe(c!.headers);
    expect(a!.endpoint).toBe('https://fcm.example.com/send/a');
    expect(b!.endpoint).toBe('https://fcm.example.com/send/b?x=1');
    const audience = (headers: Record<string, string>) =>
      verifyJwt(parseVapidAuthorization(headers.Authorization).t, vapid.publicKey).aud;
    expect(audience(a!.headers)).toBe('https://fcm.example.com');
    expect(audience(c!.headers)).toBe('https://push.example.org:8443');
    expect(a!.body).not.toEqual(b!.body);
  });

  it('builds every push anew with aesgcm (its salt and key are in headers) and with a caller-fixed exp', () => {
    const { subscription } = sameOrigin[0]!;
    const aesgcm = { ...base, contentEncoding: 'aesgcm' as const };
    const assemble = pushAssembler(aesgcm);
    const first = assemble(subscription, encoded(subscription, aesgcm));
    const second = assemble(subscription, encoded(subscription, aesgcm));
    expect(first.headers.Encryption).not.toBe(second.headers.Encryption);

    const exp = Math.floor(Date.now() / 1000) + 3600;
    const fixed = pushAssembler({ ...base, vapidClaims: { sub: 'mailto:ops@example.com', exp } });
    const push = fixed(subscription, null);
    expect(verifyJwt(parseVapidAuthorization(push.headers.Authorization).t, vapid.publicKey).exp).toBe(exp);
    expect(fixed(subscription, null).headers).not.toBe(push.headers);
  });

  it('reports an invalid option when a push is assembled, naming the field', () => {
    const assemble = pushAssembler({ ...base, ttl: -1 });
    expect(() => assemble(sameOrigin[0]!.subscription, null)).toThrow(/ttl/);
  });
});

describe("the caller's headers", () => {
  const { subscription } = sameOrigin[0]!;
  const aesgcm: PushOptions = { ...base, contentEncoding: 'aesgcm' };

  it("aesgcm: the computed Crypto-Key is appended to the caller's, whatever the case of its name", () => {
    const body = encoded(subscription, aesgcm);
    for (const name of ['Crypto-Key', 'crypto-key']) {
      const push = assemblePushRequest(subscription, body, { ...aesgcm, headers: { [name]: 'foo=bar;' } });
      const names = Object.keys(push.headers).filter((header) => header.toLowerCase() === 'crypto-key');
      expect(names).toEqual([name]);
      expect(push.headers[name]).toBe(`foo=bar;${body.headers['Crypto-Key']};p256ecdsa=${vapid.publicKey}`);
    }
  });

  it('aesgcm without data: the caller keeps a Crypto-Key with p256ecdsa joined to it', () => {
    const push = assemblePushRequest(subscription, null, { ...aesgcm, headers: { 'Crypto-Key': 'a=b' } });
    expect(push.headers['Crypto-Key']).toBe(`a=b;p256ecdsa=${vapid.publicKey}`);
  });

  it("aes128gcm computes no Crypto-Key: the caller's passes through as given", () => {
    const push = assemblePushRequest(subscription, encoded(subscription, base), {
      ...base,
      headers: { 'Crypto-Key': 'foo=bar' },
    });
    expect(push.headers['Crypto-Key']).toBe('foo=bar');
  });
});
