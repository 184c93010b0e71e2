// JWK VAPID private keys on both entries: as an object, as JSON text, through options to a real server, and
// errors that name the JWK member.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loadVapidKey, webpush } from './index.ts';
import { loadVapidKey as loadVapidKeyAsync, webpush as webpushAsync } from './portable.ts';
import { makeSubscription, parseVapidAuthorization, startPushSink, verifyJwt } from './test-helpers.ts';

function newJwk() {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = privateKey.export({ format: 'jwk' }) as {
    kty: 'EC';
    crv: 'P-256';
    d: string;
    x: string;
    y: string;
  };
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x, 'base64url'),
    Buffer.from(jwk.y, 'base64url'),
  ]);
  return { jwk, publicKey: point.toString('base64url') };
}

const loaders = [
  ['Node entry', (input: unknown) => Promise.resolve().then(() => loadVapidKey(input as never))],
  ['portable entry', (input: unknown) => loadVapidKeyAsync(input as never)],
] as const;

describe.each(loaders)('JWK VAPID keys, %s', (_name, load) => {
  it('loads a JWK object and its JSON text to the same applicationServerKey; d alone works too', async () => {
    const { jwk, publicKey } = newJwk();
    expect((await load(jwk)).publicKey).toBe(publicKey);
    expect((await load(JSON.stringify(jwk, null, 2))).publicKey).toBe(publicKey);
    expect((await load({ kty: 'EC', crv: 'P-256', d: jwk.d })).publicKey).toBe(publicKey);
  });

  it.each([
    [{ kty: 'RSA' }, 'vapidPrivateKey.kty: must be "EC", got "RSA"'],
    [{ kty: 'EC', crv: 'P-384' }, 'vapidPrivateKey.crv: must be "P-256", got "P-384"'],
    [{ kty: 'EC', crv: 'P-256' }, 'vapidPrivateKey.d: is required: a private JWK holds its scalar in d'],
    [{ kty: 'EC', crv: 'P-256', d: 'AAAA' }, 'vapidPrivateKey.d: must decode to 32 bytes (got 3)'],
  ])('refuses %j naming the member', async (jwk, message) => {
    await expect(load(jwk)).rejects.toThrow(message);
  });

  it('refuses x and y that are not the public key of d, and JWK text that is not JSON', async () => {
    const mine = newJwk().jwk;
    const other = newJwk().jwk;
    await expect(load({ ...mine, x: other.x, y: other.y })).rejects.toThrow(
      'vapidPrivateKey.x: x and y are not the public key of d',
    );
    await expect(load({ ...mine, y: undefined })).rejects.toThrow('vapidPrivateKey.y: is missing');
    await expect(load('{"kty": "EC",')).rejects.toThrow(/^vapidPrivateKey: JWK text is not valid JSON/);
  });
});

describe('a JWK as vapidPrivateKey, to a real server', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(() => close?.());

  it.each([
    ['Node entry', webpush],
    ['portable entry', webpushAsync],
  ] as const)('signs a token the JWK verifies (%s)', async (_name, send) => {
    const sink = await startPushSink((_push, res) => res.writeHead(201).end());
    close = sink.close;
    const { jwk, publicKey } = newJwk();
    const { subscription } = makeSubscription(`${sink.origin}/jwk`);
    await send(subscription, 'hi', { vapidPrivateKey: jwk, vapidClaims: { sub: 'mailto:jwk@example.com' } });
    const { t, k } = parseVapidAuthorization(sink.received[0]!.headers.authorization);
    expect(k).toBe(publicKey);
    expect(verifyJwt(t, publicKey).sub).toBe('mailto:jwk@example.com');
  });
});
