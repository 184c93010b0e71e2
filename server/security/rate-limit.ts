import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ApiException } from '../http/errors.ts';
import { clientOf } from '../http/client-info.ts';
import type { RateLimit } from './settings.ts';
import { TokenBuckets } from './token-bucket.ts';

/** What a limit guards, for the message: "subscription requests", and the variable that sets it. */
export interface LimitLabel {
  what: string;
  variable: string;
}

/**
 * Token buckets per client key: TokenBuckets in memory (one instance), or rows in Postgres shared by every
 * instance (db/postgres/rate-limit-buckets.ts). `take` and `wait` answer in milliseconds to wait, 0 for none.
 */
export interface RateBuckets {
  readonly rate: RateLimit;
  take(key: string): number | Promise<number>;
  wait(key: string): number | Promise<number>;
}

/** Makes the buckets of one limit; `limiter` names it (its variable) where buckets of several limits share a table. */
export type RateBucketsFactory = (limiter: string, rate: RateLimit) => RateBuckets;

export const memoryBuckets =
  (now: () => number = Date.now): RateBucketsFactory =>
  (_limiter, rate) =>
    new TokenBuckets(rate, now);

/** A per-client limiter; `null` rate means unlimited. */
export class ClientRateLimiter {
  private readonly buckets: RateBuckets | null;

  constructor(
    rate: RateLimit | null,
    private readonly label: LimitLabel,
    buckets: RateBucketsFactory = memoryBuckets(),
  ) {
    this.buckets = rate ? buckets(label.variable, rate) : null;
  }

  /** Counts the request against the client; throws 429 (with Retry-After) when over the limit. */
  async take(c: Context): Promise<void> {
    const waitMs = (await this.buckets?.take(clientOf(c).key)) ?? 0;
    if (waitMs > 0) this.refuse(c, waitMs);
  }

  /** Throws 429 if the client has nothing left, without counting this request (see the admin login). */
  async check(c: Context): Promise<void> {
    const waitMs = (await this.buckets?.wait(clientOf(c).key)) ?? 0;
    if (waitMs > 0) this.refuse(c, waitMs);
  }

  /** Middleware that counts every request with one of `methods`. */
  middleware(methods: readonly string[] = ['POST']) {
    return createMiddleware(async (c, next) => {
      if (methods.includes(c.req.method)) await this.take(c);
      await next();
    });
  }

  private refuse(c: Context, waitMs: number): never {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    const rate = this.buckets!.rate;
    c.header('Retry-After', String(seconds));
    throw new ApiException(
      429,
      'rate_limited',
      `too many ${this.label.what} from your address; try again in ${seconds} s (limit ${rate.limit} per ${formatWindow(rate.windowMs)}, set by ${this.label.variable})`,
    );
  }
}

function formatWindow(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}
