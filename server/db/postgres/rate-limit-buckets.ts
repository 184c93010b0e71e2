// Token buckets in the database, for rate limits shared by several instances: each take is one atomic
// upsert, so two instances counting the same client never both spend its last token.
import type pg from 'pg';

/** `limit` requests at once, refilled evenly over `windowMs` (the shape of security/settings.ts's RateLimit). */
export interface BucketRate {
  limit: number;
  windowMs: number;
}

// Refill, then take a token when there is a whole one. The arithmetic is the in-memory TokenBuckets'
// (tokens + elapsed * perMs, capped at limit) in float8, which is IEEE double like JavaScript's, so the
// numbers and every Retry-After agree to the millisecond. GREATEST keeps time from running backwards when
// instances' clocks differ slightly. ON CONFLICT DO UPDATE locks the row: concurrent takes queue.
const TAKE = `
INSERT INTO rate_limit_buckets AS b (limiter, key, tokens, refilled_at, allowed)
VALUES ($1, $2, $3::float8 - 1, $4, true)
ON CONFLICT (limiter, key) DO UPDATE SET
  tokens = CASE
    WHEN least($3::float8, b.tokens + greatest(0, $4 - b.refilled_at) * $5::float8) >= 1
    THEN least($3::float8, b.tokens + greatest(0, $4 - b.refilled_at) * $5::float8) - 1
    ELSE least($3::float8, b.tokens + greatest(0, $4 - b.refilled_at) * $5::float8)
  END,
  allowed = least($3::float8, b.tokens + greatest(0, $4 - b.refilled_at) * $5::float8) >= 1,
  refilled_at = greatest(b.refilled_at, $4)
RETURNING tokens, allowed`;

const PEEK = `
SELECT least($3::float8, tokens + greatest(0, $4 - refilled_at) * $5::float8) AS tokens
FROM rate_limit_buckets WHERE limiter = $1 AND key = $2`;

/**
 * The same interface as TokenBuckets (take, wait), kept in rate_limit_buckets under `limiter`: `limit`
 * requests at once per key, refilled evenly over `windowMs`.
 */
export class PostgresTokenBuckets {
  private readonly perMs: number;
  /** Milliseconds that refill one token, exact where 1 / perMs is not (see TokenBuckets). */
  private readonly msPerToken: number;

  constructor(
    private readonly pool: pg.Pool,
    /** The limit's name; each has its own rows and rate. */
    readonly limiter: string,
    readonly rate: BucketRate,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = rate.limit / rate.windowMs;
    this.msPerToken = rate.windowMs / rate.limit;
  }

  /** Takes a token: 0 when the request may go ahead, else the milliseconds until one is available. */
  async take(key: string): Promise<number> {
    const { rows } = await this.pool.query<{ tokens: number; allowed: boolean }>({
      name: 'webpush-rate-limit-take',
      text: TAKE,
      values: this.values(key),
    });
    const { tokens, allowed } = rows[0]!;
    return allowed ? 0 : this.waitFor(tokens);
  }

  /** Milliseconds until a token is available (0: now), without taking one. */
  async wait(key: string): Promise<number> {
    const { rows } = await this.pool.query<{ tokens: number }>({
      name: 'webpush-rate-limit-peek',
      text: PEEK,
      values: this.values(key),
    });
    return rows[0] ? this.waitFor(rows[0].tokens) : 0;
  }

  /** Deletes this limiter's buckets that are full again (the same as no row); returns how many. */
  async prune(): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM rate_limit_buckets
       WHERE limiter = $1 AND tokens + greatest(0, $3 - refilled_at) * $4::float8 >= $2::float8`,
      [this.limiter, this.rate.limit, this.now(), this.perMs],
    );
    return rowCount ?? 0;
  }

  private values(key: string): unknown[] {
    return [this.limiter, key, this.rate.limit, this.now(), this.perMs];
  }

  private waitFor(tokens: number): number {
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) * this.msPerToken);
  }
}
