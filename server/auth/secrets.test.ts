import { describe, expect, it } from 'vitest';
import { matchesHash, randomSecret, sha256Hex } from './secrets.ts';

describe('admin token comparison', () => {
  it('matches only the exact token, comparing fixed-length digests (timingSafeEqual) whatever the input length', () => {
    const token = randomSecret();
    const stored = sha256Hex(token);
    expect(matchesHash(token, stored)).toBe(true);
    for (const candidate of ['', token.slice(0, -1), `${token}x`, token.toUpperCase(), 'x'.repeat(10_000)])
      expect(matchesHash(candidate, stored)).toBe(false);
    // The comparison is between two 32-byte digests, so the candidate's length cannot short-circuit it.
    expect(Buffer.from(stored, 'hex')).toHaveLength(32);
    expect(matchesHash.toString()).toContain('timingSafeEqual');
  });

  it('refuses a corrupt stored digest instead of throwing', () => {
    expect(matchesHash('anything', 'abcd')).toBe(false);
  });
});
