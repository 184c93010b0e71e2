import pg from 'pg';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { describePostgres, useMigratedDatabase } from '../../testing/postgres.ts';
import { PostgresTokenBuckets } from './rate-limit-buckets.ts';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describePostgres('PostgresTokenBuckets', () => {
  const database = useMigratedDatabase();
  let pool: pg.Pool;
  beforeAll(() => {
    pool = database.pool(4);
  });
  beforeEach(async () => {
    await pool.query('TRUNCATE rate_limit_buckets');
  });

  it('allows a burst of `limit`, then refills one token per windowMs/limit, with the exact wait', async () => {
    const time = clock();
    const buckets = new PostgresTokenBuckets(pool, 'subscriptions', { limit: 3, windowMs: 3000 }, time.now);
    expect([await buckets.take('a'), await buckets.take('a'), await buckets.take('a')]).toEqual([0, 0, 0]);
    expect(await buckets.take('a')).toBe(1000);
    time.advance(400);
    expect(await buckets.take('a')).toBe(600);
    expect(await buckets.wait('a')).toBe(600);
    time.advance(600);
    expect(await buckets.take('a')).toBe(0);
    expect(await buckets.take('a')).toBe(1000);
    expect(await buckets.take('b')).toBe(0); // other keys have their own bucket
  });

  it('gives the exact wait where the window does not divide evenly in floating point (2 per 15 min: 450 s)', async () => {
    const buckets = new PostgresTokenBuckets(pool, 'login', { limit: 2, windowMs: 900_000 }, clock().now);
    expect([await buckets.take('a'), await buckets.take('a')]).toEqual([0, 0]);
    expect(await buckets.take('a')).toBe(450_000);
  });

  it('never stores more than `limit` tokens, and time running backwards adds none', async () => {
    const time = clock();
    const buckets = new PostgresTokenBuckets(pool, 'cap', { limit: 2, windowMs: 1000 }, time.now);
    await buckets.take('a');
    time.advance(60_000);
    expect([await buckets.take('a'), await buckets.take('a'), await buckets.take('a')]).toEqual([0, 0, 500]);
    time.advance(-30_000); // another instance's clock, a little behind
    expect(await buckets.take('a')).toBe(500);
  });

  it('two instances taking at once from one bucket spend exactly `limit` tokens', async () => {
    const other = database.pool(4); // a second instance
    const rate = { limit: 5, windowMs: 3_600_000 };
    const now = () => 5_000_000; // no refill during the test
    const one = new PostgresTokenBuckets(pool, 'race', rate, now);
    const two = new PostgresTokenBuckets(other, 'race', rate, now);
    const waits = await Promise.all(
      Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? one : two).take('client')),
    );
    expect(waits.filter((wait) => wait === 0).length).toBe(5);
    expect(new Set(waits.filter((wait) => wait > 0))).toEqual(new Set([720_000])); // 1 token = 12 min
  });

  it('wait() takes no token and is 0 for an unknown key; limiters do not share buckets', async () => {
    const time = clock();
    const subscribe = new PostgresTokenBuckets(pool, 'subscribe', { limit: 1, windowMs: 1000 }, time.now);
    const login = new PostgresTokenBuckets(pool, 'login', { limit: 1, windowMs: 1000 }, time.now);
    expect(await subscribe.wait('x')).toBe(0);
    expect(await subscribe.take('x')).toBe(0);
    expect(await subscribe.wait('x')).toBe(1000);
    expect(await subscribe.wait('x')).toBe(1000);
    expect(await login.take('x')).toBe(0);
  });

  it('prune() deletes only the buckets that are full again', async () => {
    const time = clock();
    const buckets = new PostgresTokenBuckets(pool, 'prune', { limit: 2, windowMs: 1000 }, time.now);
    await buckets.take('old');
    time.advance(600); // 'old' is back to 2 tokens at 500 ms
    await buckets.take('new');
    expect(await buckets.prune()).toBe(1);
    const keys = await pool.query('SELECT key FROM rate_limit_buckets ORDER BY key');
    expect(keys.rows).toEqual([{ key: 'new' }]);
  });
});
