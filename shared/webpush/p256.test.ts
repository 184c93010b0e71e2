import { createECDH, ECDH, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isOnP256, parseP256Point } from './p256.ts';

const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;

function freshPoint(): Buffer {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return ecdh.getPublicKey();
}

/** OpenSSL's answer: convertKey throws for a point that is not on the curve. */
function opensslAccepts(point: Buffer): boolean {
  try {
    ECDH.convertKey(point, 'prime256v1');
    return true;
  } catch {
    return false;
  }
}

function modPow(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  for (let b = base % P, e = exponent; e > 0n; e >>= 1n, b = (b * b) % P)
    if (e & 1n) result = (result * b) % P;
  return result;
}

function encode(x: bigint, y: bigint): Buffer {
  return Buffer.from(`04${x.toString(16).padStart(64, '0')}${y.toString(16).padStart(64, '0')}`, 'hex');
}

describe('isOnP256', () => {
  it('accepts points OpenSSL generated', () => {
    for (let i = 0; i < 200; i++) expect(isOnP256(freshPoint())).toBe(true);
  });

  it('agrees with OpenSSL on points with one bit flipped and on random bytes', () => {
    for (let i = 0; i < 300; i++) {
      const flipped = freshPoint();
      flipped[1 + (i % 64)]! ^= 1 << (i % 8);
      expect(isOnP256(flipped)).toBe(opensslAccepts(flipped));
      const random = Buffer.concat([Buffer.from([4]), randomBytes(64)]);
      expect(isOnP256(random)).toBe(opensslAccepts(random));
    }
  });

  it('refuses a coordinate that is not reduced mod p even though the equation holds mod p', () => {
    // The smallest x on the curve, so that x + p still fits in 32 bytes (p = 3 mod 4: sqrt is a power).
    const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
    let x = 0n;
    let y = 0n;
    for (; ; x++) {
      const rhs = (((x * x * x - 3n * x + B) % P) + P) % P;
      y = modPow(rhs, (P + 1n) / 4n);
      if ((y * y) % P === rhs) break;
    }
    expect(isOnP256(encode(x, y))).toBe(true);
    expect(opensslAccepts(encode(x, y))).toBe(true);
    expect(isOnP256(encode(x + P, y))).toBe(false);
    expect(opensslAccepts(encode(x + P, y))).toBe(false);
  });

  it('refuses (0, 0)', () => {
    expect(isOnP256(Buffer.concat([Buffer.from([4]), Buffer.alloc(64)]))).toBe(false);
  });
});

describe('parseP256Point', () => {
  it('names the field and the rule', () => {
    const off = freshPoint();
    off[64]! ^= 1;
    expect(() => parseP256Point(off.toString('base64url'), 'keys.p256dh')).toThrow(
      'keys.p256dh: must decode to a 65-byte uncompressed P-256 point; this point is not on the curve',
    );
    expect(() => parseP256Point(Buffer.alloc(33, 2), 'keys.p256dh')).toThrow(
      'must decode to a 65-byte uncompressed P-256 point (got 33 bytes)',
    );
  });
});
