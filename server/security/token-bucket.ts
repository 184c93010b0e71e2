import type { RateLimit } from './settings.ts';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * In-memory token buckets, one per key (a client address): `limit` requests at once, refilled evenly
 * over `windowMs`. Memory is bounded: past `maxKeys` buckets, full ones (same as new) are dropped first.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  /** Milliseconds that refill one token, kept exact: 1 / perMs is not (2 per 15 min gave 450,000.00000000006). */
  private readonly msPerToken: number;

  constructor(
    readonly rate: RateLimit,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {
    this.perMs = rate.limit / rate.windowMs;
    this.msPerToken = rate.windowMs / rate.limit;
  }

  /** Takes a token: 0 when the request may go ahead, else the milliseconds until one is available. */
  take(key: string): number {
    const bucket = this.refilled(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.waitFor(bucket);
  }

  /** Milliseconds until a token is available (0: now), without taking one. */
  wait(key: string): number {
    const bucket = this.buckets.get(key);
    return bucket ? this.waitFor(this.refilled(key)) : 0;
  }

  get size(): number {
    return this.buckets.size;
  }

  private waitFor(bucket: Bucket): number {
    return bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) * this.msPerToken);
  }

  private refilled(key: string): Bucket {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.evict(now);
      bucket = { tokens: this.rate.limit, at: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(this.rate.limit, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    return bucket;
  }

  private evict(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.rate.limit) this.buckets.delete(key);
    }
    // Still full of busy clients: forget the oldest (they get a fresh bucket, which only errs on leniency).
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}
