import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hkdfExpand, hkdfExtract, hmacSha256, sha256 } from './sha256.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('SHA-256, HMAC and HKDF in JavaScript', () => {
  it('matches FIPS 180-4 examples and OpenSSL at every length around the block edges', () => {
    expect(hex(sha256(new TextEncoder().encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(hex(sha256(new Uint8Array(0)))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    for (let length = 0; length <= 200; length++) {
      const data = randomBytes(length);
      expect(hex(sha256(data.subarray(0, length >> 1), data.subarray(length >> 1))), `length ${length}`).toBe(
        createHash('sha256').update(data).digest('hex'),
      );
    }
  });

  it('HMAC and HKDF match node:crypto (RFC 5869 test case 1 included)', () => {
    for (const keyLength of [0, 16, 32, 64, 100]) {
      const key = randomBytes(keyLength);
      const data = randomBytes(77);
      expect(hex(hmacSha256(key, data))).toBe(createHmac('sha256', key).update(data).digest('hex'));
    }
    const ikm = Buffer.alloc(22, 0x0b);
    const salt = Buffer.from('000102030405060708090a0b0c', 'hex');
    const info = Buffer.from('f0f1f2f3f4f5f6f7f8f9', 'hex');
    const prk = hkdfExtract(salt, ikm);
    expect(hex(prk)).toBe('077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5');
    expect(hex(hkdfExpand(prk, info, 32))).toBe(
      Buffer.from(hkdfSync('sha256', ikm, salt, info, 32)).toString('hex'),
    );
  });
});
