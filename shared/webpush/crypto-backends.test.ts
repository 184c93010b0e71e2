// Both crypto back ends, side by side under Node: the same RFC vectors byte for byte, each one's output read by
// the other, and errors that name the same fields. (conformance/ runs the public API on Bun, Deno, workerd.)
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { backend as nodeCrypto } from './crypto-node.ts';
import { backend as webCrypto } from './crypto-web.ts';
import { parsePrivateKeyText } from './key-der.ts';
import { RFC8188, RFC8291 } from './conformance/vectors.ts';

const b64 = (text: string) => fromBase64Url(text);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const backends = [nodeCrypto, webCrypto];

describe.each(backends)('$name back end', (crypto) => {
  const other = crypto === nodeCrypto ? webCrypto : nodeCrypto;

  it('encrypts RFC 8291 Appendix A to its exact bytes and decrypts it', async () => {
    const out = await crypto.encrypt({
      plaintext: new TextEncoder().encode(RFC8291.plaintext),
      receiverPublic: b64(RFC8291.uaPublic),
      auth: b64(RFC8291.auth),
      contentEncoding: 'aes128gcm',
      salt: b64(RFC8291.salt),
      senderPrivateKey: b64(RFC8291.asPrivate),
    });
    expect(toBase64Url(out.body)).toBe(RFC8291.body);
    expect(toBase64Url(out.senderPublicKey)).toBe(RFC8291.asPublic);
    const plain = await crypto.decrypt({
      body: b64(RFC8291.body),
      privateKey: b64(RFC8291.uaPrivate),
      auth: b64(RFC8291.auth),
      contentEncoding: 'aes128gcm',
    });
    expect(text(plain)).toBe(RFC8291.plaintext);
  });

  it('encrypts RFC 8188 section 3.1 to its exact bytes and decrypts it', async () => {
    const body = await crypto.aes128gcmEncrypt(
      new TextEncoder().encode(RFC8188.plaintext),
      b64(RFC8188.ikm),
      b64(RFC8188.salt),
      new Uint8Array(0),
    );
    expect(toBase64Url(body)).toBe(RFC8188.body);
    expect(text(await crypto.aes128gcmDecrypt(b64(RFC8188.body), b64(RFC8188.ikm)))).toBe(RFC8188.plaintext);
    expect(
      text(await crypto.aes128gcmDecrypt(b64(RFC8188.multiRecordBody), b64(RFC8188.multiRecordIkm))),
    ).toBe(RFC8188.plaintext);
  });

  for (const contentEncoding of ['aes128gcm', 'aesgcm'] as const) {
    it(`${contentEncoding}: what it encrypts with a fresh key, the other back end decrypts`, async () => {
      const receiver = await crypto.generateVapidKeys(); // any P-256 pair will do as a browser's
      const auth = new Uint8Array(16).fill(9);
      const out = await crypto.encrypt({
        plaintext: new TextEncoder().encode('across back ends'),
        receiverPublic: b64(receiver.publicKey),
        auth,
        contentEncoding,
      });
      const plain = await other.decrypt({
        body: out.body,
        privateKey: b64(receiver.privateKey),
        auth,
        contentEncoding,
        aesgcm: { salt: out.salt, senderPublic: out.senderPublicKey },
      });
      expect(text(plain)).toBe('across back ends');
    });
  }

  it('refuses a flipped bit and an off-curve receiver key, naming the field', async () => {
    const body = b64(RFC8291.body);
    body[body.length - 1]! ^= 1;
    await expect(
      (async () =>
        crypto.decrypt({
          body,
          privateKey: b64(RFC8291.uaPrivate),
          auth: b64(RFC8291.auth),
          contentEncoding: 'aes128gcm',
        }))(),
    ).rejects.toThrow('body: failed authentication: wrong key or corrupted data');
    const offCurve = b64(RFC8291.uaPublic);
    offCurve[64]! ^= 1;
    await expect(
      (async () =>
        crypto.encrypt({
          plaintext: new Uint8Array(1),
          receiverPublic: offCurve,
          auth: b64(RFC8291.auth),
          contentEncoding: 'aes128gcm',
        }))(),
    ).rejects.toThrow(
      'keys.p256dh: must decode to a 65-byte uncompressed P-256 point; this point is not on the curve',
    );
  });

  it('signs ES256 that the other back end verifies, with keys from PEM, raw and generated', async () => {
    const generated = await crypto.generateVapidKeys();
    const data = new TextEncoder().encode('header.payload');
    for (const text of [generated.privateKeyPem, generated.privateKey]) {
      const key = await crypto.importVapidKey(parsePrivateKeyText(text));
      expect(key.publicKey).toBe(generated.publicKey);
      const signature = await crypto.signEs256(key, data);
      expect(signature.length).toBe(64);
      expect(await other.verifyEs256(b64(key.publicKey), data, signature)).toBe(true);
      expect(await other.verifyEs256(b64(key.publicKey), new TextEncoder().encode('other'), signature)).toBe(
        false,
      );
    }
  });

  it('reads SEC1 PEM (with the EC PARAMETERS block openssl ecparam writes) and base64 DER', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const sec1 = privateKey.export({ type: 'sec1', format: 'pem' }) as string;
    const params = '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n';
    const der = (privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer).toString('base64');
    const expected = toBase64Url(
      new Uint8Array(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).subarray(-65)),
    );
    for (const text of [params + sec1, der]) {
      expect((await crypto.importVapidKey(parsePrivateKeyText(text))).publicKey).toBe(expected);
    }
  });

  it('refuses a key on another curve', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    const pkcs8 = new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' }));
    await expect((async () => crypto.importVapidKey({ pkcs8 }))()).rejects.toThrow(
      /^vapidPrivateKey: .*P-256/,
    );
    const sec1 = privateKey.export({ type: 'sec1', format: 'pem' }) as string;
    expect(() => parsePrivateKeyText(sec1)).toThrow(
      'vapidPrivateKey: must be a P-256 (prime256v1) EC private key',
    );
  });
});
