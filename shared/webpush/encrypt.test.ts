import { createECDH } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aes128gcmDecrypt, aes128gcmEncrypt, aes128gcmKeys } from './ece.ts';
import { RFC8188 as RFC8188_VECTORS, RFC8291 } from './conformance/vectors.ts';
import { decrypt, encrypt, MAX_PLAINTEXT_BYTES } from './encrypt.ts';

const b64 = (text: string) => Buffer.from(text, 'base64url');

// RFC 8291 Appendix A (fixed sender key and salt, so the body is byte-exact) and RFC 8188 section 3.1, from the
// vectors the conformance suite uses too; the CEK and nonce of section 3.1 are checked here only.
const RFC8188 = { ...RFC8188_VECTORS, cek: '_wniytB-ofscZDh4tbSjHw', nonce: 'Bcs8gkIRKLI8GeI8' };

function newReceiver() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = Buffer.alloc(16, 7);
  return {
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
    secret: { privateKey: ecdh.getPrivateKey(), auth },
  };
}

describe('RFC 8291 Appendix A', () => {
  it('encrypts to the exact bytes of the example', () => {
    const out = encrypt(
      RFC8291.plaintext,
      { p256dh: RFC8291.uaPublic, auth: RFC8291.auth },
      {
        salt: b64(RFC8291.salt),
        senderPrivateKey: b64(RFC8291.asPrivate),
      },
    );
    expect(out.body.toString('base64url')).toBe(RFC8291.body);
    expect(out.senderPublicKey.toString('base64url')).toBe(RFC8291.asPublic);
    expect(out.headers).toEqual({ 'Content-Encoding': 'aes128gcm' });
  });

  it('decrypts the example with the user agent private key', () => {
    const plain = decrypt(b64(RFC8291.body), { privateKey: RFC8291.uaPrivate, auth: RFC8291.auth });
    expect(plain.toString()).toBe(RFC8291.plaintext);
  });

  it('refuses a body with one flipped bit', () => {
    const body = b64(RFC8291.body);
    body[body.length - 1]! ^= 1;
    expect(() => decrypt(body, { privateKey: RFC8291.uaPrivate, auth: RFC8291.auth })).toThrow(
      /failed authentication/,
    );
  });
});

describe('RFC 8188 section 3.1', () => {
  it('derives the example CEK and nonce', () => {
    const { cek, nonce } = aes128gcmKeys(b64(RFC8188.ikm), b64(RFC8188.salt));
    expect(cek.toString('base64url')).toBe(RFC8188.cek);
    expect(nonce.toString('base64url')).toBe(RFC8188.nonce);
  });

  it('encrypts "I am the walrus" to the exact example bytes', () => {
    const body = aes128gcmEncrypt(
      Buffer.from('I am the walrus'),
      b64(RFC8188.ikm),
      b64(RFC8188.salt),
      Buffer.alloc(0),
    );
    expect(body.toString('base64url')).toBe(RFC8188.body);
  });

  it('decrypts the example', () => {
    expect(aes128gcmDecrypt(b64(RFC8188.body), b64(RFC8188.ikm)).toString()).toBe('I am the walrus');
  });

  it('decrypts the multi-record example of section 3.2', () => {
    const body = b64(
      'uNCkWiNYzKTnBN9ji3-qWAAAABkCYTHOG8chz_gnvgOqdGYovxyjuqRyJFjEDyoF1Fvkj6hQPdPHI51OEUKEpgz3SsLWIqS_uA',
    );
    expect(aes128gcmDecrypt(body, b64('BO3ZVPxUlnLORbVGMpbT1Q')).toString()).toBe('I am the walrus');
  });
});

describe('round trips', () => {
  for (const contentEncoding of ['aes128gcm', 'aesgcm'] as const) {
    it(`${contentEncoding}: a fresh key pair and salt per message, decryptable`, () => {
      const { keys, secret } = newReceiver();
      const first = encrypt('hello push', keys, { contentEncoding });
      const second = encrypt('hello push', keys, { contentEncoding });
      expect(first.salt.equals(second.salt)).toBe(false);
      expect(first.senderPublicKey.equals(second.senderPublicKey)).toBe(false);
      const headers = {
        encryption: first.headers.Encryption ?? '',
        cryptoKey: first.headers['Crypto-Key'] ?? '',
      };
      expect(decrypt(first.body, secret, contentEncoding, headers).toString()).toBe('hello push');
    });

    it(`${contentEncoding}: the largest payload fits 4096 bytes, one more byte is refused`, () => {
      const { keys, secret } = newReceiver();
      const max = MAX_PLAINTEXT_BYTES[contentEncoding];
      const out = encrypt(Buffer.alloc(max, 0x61), keys, { contentEncoding });
      expect(out.body.length).toBe(4096);
      const headers = {
        encryption: out.headers.Encryption ?? '',
        cryptoKey: out.headers['Crypto-Key'] ?? '',
      };
      expect(decrypt(out.body, secret, contentEncoding, headers).length).toBe(max);
      expect(() => encrypt(Buffer.alloc(max + 1), keys, { contentEncoding })).toThrow(
        `data: is ${max + 1} bytes; at most ${max} bytes fit in one 4096-byte ${contentEncoding} push message`,
      );
    });
  }

  it('aesgcm sends salt and dh in headers, as the legacy draft says', () => {
    const { keys } = newReceiver();
    const out = encrypt('x', keys, { contentEncoding: 'aesgcm', salt: Buffer.alloc(16, 1) });
    expect(out.headers.Encryption).toBe(`salt=${Buffer.alloc(16, 1).toString('base64url')}`);
    expect(out.headers['Crypto-Key']).toBe(`dh=${out.senderPublicKey.toString('base64url')}`);
    expect(out.body.length).toBe(2 + 1 + 16);
  });

  it('names the field for a bad p256dh or auth', () => {
    const { keys } = newReceiver();
    const offCurve = Buffer.from(keys.p256dh, 'base64url');
    offCurve[64]! ^= 1;
    expect(() => encrypt('x', { ...keys, p256dh: offCurve.toString('base64url') })).toThrow(
      'keys.p256dh: must decode to a 65-byte uncompressed P-256 point; this point is not on the curve',
    );
    expect(() => encrypt('x', { ...keys, auth: 'AAAA' })).toThrow(
      'keys.auth: must decode to 16 bytes (got 3)',
    );
  });
});
