import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket.ts';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('TokenBuckets', () => {
  it('allows a burst of `limit`, then refills one token per windowMs/limit', () => {
    const time = clock();
    const buckets = new TokenBuckets({ limit: 3, windowMs: 3000 }, time.now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(1000);
    time.advance(400);
    expect(buckets.take('a')).toBe(600);
    expect(buckets.wait('a')).toBe(600);
    time.advance(600);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1000);
    // Other keys have their own bucket.
    expect(buckets.take('b')).toBe(0);
  });

  it('gives the exact wait when the window does not divide evenly in floating point (2 per 15 min: 450 s)', () => {
    const buckets = new TokenBuckets({ limit: 2, windowMs: 900_000 }, clock().now);
    expect([buckets.take('a'), buckets.take('a')]).toEqual([0, 0]);
    expect(buckets.take('a')).toBe(450_000);
  });

  it('never stores more than `limit` tokens', () => {
    const time = clock();
    const buckets = new TokenBuckets({ limit: 2, windowMs: 1000 }, time.now);
    buckets.take('a');
    time.advance(60_000);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 500]);
  });

  it('wait() does not take a token and is 0 for an unknown key', () => {
    const buckets = new TokenBuckets({ limit: 1, windowMs: 1000 }, clock().now);
    expect(buckets.wait('x')).toBe(0);
    expect(buckets.size).toBe(0);
    expect(buckets.take('x')).toBe(0);
    expect(buckets.wait('x')).toBe(1000);
    expect(buckets.wait('x')).toBe(1000);
  });

  it('keeps memory bounded: drops full buckets first, then the oldest', () => {
    const time = clock();
    const buckets = new TokenBuckets({ limit: 1, windowMs: 1000 }, time.now, 3);
    buckets.take('old');
    time.advance(5000); // 'old' is full again
    buckets.take('a');
    buckets.take('b');
    buckets.take('c'); // over the bound: 'old' goes
    expect(buckets.size).toBe(3);
    expect(buckets.take('a')).toBe(1000); // 'a' kept its empty bucket
    buckets.take('d'); // all busy: the oldest ('a') goes
    expect(buckets.size).toBe(3);
    expect(buckets.take('a')).toBe(0);
  });
});
