import { expect, it } from 'vitest';
import { PostgresTokenBuckets } from '../db/postgres/rate-limit-buckets.ts';
import { describePostgres, useMigratedDatabase } from '../testing/postgres.ts';
import { TokenBuckets } from './token-bucket.ts';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

// Several instances keep the buckets in Postgres; one keeps them in memory. A client must meet the same
// limit, and the same Retry-After, either way.
describePostgres('rate limits in Postgres and in memory', () => {
  const database = useMigratedDatabase();

  it('agrees with the in-memory TokenBuckets to the millisecond over an uneven run of requests', async () => {
    const time = clock();
    const rate = { limit: 7, windowMs: 10_000 };
    const shared = new PostgresTokenBuckets(database.pool(1), 'uneven', rate, time.now);
    const memory = new TokenBuckets(rate, time.now);
    const steps = [0, 13, 0, 0, 977, 1, 3, 0, 0, 0, 1429, 0, 0, 0, 0, 0, 0, 7, 333, 2857, 0, 0, 1];
    const fromDb: number[] = [];
    const fromMemory: number[] = [];
    for (const step of steps) {
      time.advance(step);
      fromDb.push(await shared.take('k'));
      fromMemory.push(memory.take('k'));
    }
    expect(fromDb).toEqual(fromMemory);
    expect(fromDb.filter((wait) => wait > 0).length).toBeGreaterThan(3); // the run did reach the limit
  });
});
