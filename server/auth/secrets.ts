import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random secret for cookies and tokens: 32 bytes, base64url. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Compares a candidate secret with a stored SHA-256 hex digest in constant time. */
export function matchesHash(candidate: string, expectedHex: string): boolean {
  const actual = createHash('sha256').update(candidate, 'utf8').digest();
  const expected = Buffer.from(expectedHex, 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}
