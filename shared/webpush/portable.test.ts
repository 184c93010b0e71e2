// The portable entry (`@starter-kit/webpush`) under Node, where `#runtime` gives node:crypto and undici: the same
// API as the Node entry's, async, with Uint8Array bodies; keys interchangeable with the Node entry's.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as nodeEntry from './index.ts';
import * as portable from './portable.ts';
import { makeSubscription, parseVapidAuthorization, startPushSink, verifyJwt } from './test-helpers.ts';

describe('the portable entry on Node', () => {
  it('reports its back ends', () => {
    expect(portable.runtime).toEqual({ crypto: 'node:crypto', transport: 'undici' });
  });

  it('encrypts asynchronously to what the Node entry decrypts, and decrypts what it encrypts', async () => {
    const { subscription, receiver } = makeSubscription();
    const pending = portable.encrypt('both ways', subscription.keys);
    expect(pending).toBeInstanceOf(Promise);
    const encrypted = await pending;
    expect(nodeEntry.decrypt(encrypted.body, receiver).toString()).toBe('both ways');
    const back = nodeEntry.encrypt('and back', subscription.keys, { contentEncoding: 'aesgcm' });
    const headers = { encryption: back.headers.Encryption!, cryptoKey: back.headers['Crypto-Key']! };
    const plain = await portable.decrypt(back.body, receiver, 'aesgcm', headers);
    expect(new TextDecoder().decode(plain)).toBe('and back');
  });

  it("loads the Node entry's generated keys (PEM and raw), and says where a KeyObject goes", async () => {
    const keys = nodeEntry.generateVapidKeys();
    expect((await portable.loadVapidKey(keys.privateKeyPem)).publicKey).toBe(keys.publicKey);
    expect((await portable.loadVapidKey(keys.privateKey)).publicKey).toBe(keys.publicKey);
    const generated = await portable.generateVapidKeys();
    expect(nodeEntry.loadVapidKey(generated.privateKeyPem).publicKey).toBe(generated.publicKey);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    await expect(portable.loadVapidKey(privateKey as never)).rejects.toThrow(
      "vapidPrivateKey: a KeyObject works with '@starter-kit/webpush/node'; here give PEM text, base64 DER, a raw base64url key or a JWK",
    );
    await expect(portable.loadVapidKey('not a key!')).rejects.toThrow(
      'vapidPrivateKey: is not key text: not a key!',
    );
  });

  it('builds the same request as the Node entry, and sends it', async () => {
    const sink = await startPushSink((_push, res) => res.writeHead(201).end());
    try {
      const keys = nodeEntry.generateVapidKeys();
      const options = {
        vapidPrivateKey: keys.privateKey,
        vapidClaims: { sub: 'mailto:p@example.com' },
        ttl: 30,
      };
      const { subscription, receiver } = makeSubscription(`${sink.origin}/push/p`);
      const request = await portable.buildPushRequest(subscription, 'same', options);
      const nodeRequest = nodeEntry.buildPushRequest(subscription, 'same', options);
      expect(Object.keys(request.headers).sort()).toEqual(Object.keys(nodeRequest.headers).sort());
      expect(request.headers.Authorization).toBe(nodeRequest.headers.Authorization); // one cached token
      const reply = await new portable.WebPusher(subscription, options).send('sent portably');
      expect(reply.status).toBe(201);
      const got = sink.received[0]!;
      const { t, k } = parseVapidAuthorization(got.headers.authorization);
      expect(k).toBe(keys.publicKey);
      expect(verifyJwt(t, k)).toMatchObject({ aud: sink.origin, sub: 'mailto:p@example.com' });
      expect(nodeEntry.decrypt(got.body, receiver).toString()).toBe('sent portably');
      const summary = await portable.sendMany([subscription, { endpoint: 'nope' }], 'many', options);
      expect(summary).toEqual({ total: 2, delivered: 1, expired: 0, failed: 1, retried: 0 });
    } finally {
      await sink.close();
    }
  });
});
