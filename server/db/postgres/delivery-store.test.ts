import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import { explainAnalyze } from '../../testing/postgres-plan.ts';
import { describePostgres, useMigratedDatabase } from '../../testing/postgres.ts';
import { seedMessage } from '../../testing/postgres-seed.ts';
import type { PgDb } from './client.ts';
import { postgresDeliveries } from './delivery-store.ts';
import * as schema from './schema.ts';

describePostgres('deliveries on Postgres', () => {
  const database = useMigratedDatabase();
  let pool: pg.Pool;
  beforeAll(() => {
    pool = database.pool(2);
  });

  it("a page of the newest message's deliveries reads about a page of rows, not every older message's", async () => {
    await seedMessage(pool, 4000, 'older');
    const newest = await seedMessage(pool, 1000, 'newest');
    await pool.query('ANALYZE deliveries');
    // The store over a Drizzle that records what it sends, so the test analyses page()'s own statement.
    const sent: { sql: string; params: unknown[] }[] = [];
    const db = drizzle(pool, { schema, logger: { logQuery: (sql, params) => sent.push({ sql, params }) } });
    const page = await postgresDeliveries(db as PgDb, pool).page(newest.messageId, { after: 0, limit: 50 });

    expect(page.rows.map((row) => row.id)).toEqual(newest.deliveryIds.slice(0, 50));
    expect(page.nextAfter).toBe(newest.deliveryIds[49]);
    const { sql, params } = sent.at(-1)!;
    const plan = await explainAnalyze(pool, sql, params);
    // 51 rows (a page and one to tell whether there is more). With message_id alone indexed the plan either read
    // and sorted all 1,000 of the message's deliveries or walked the primary key through the 4,000 before them.
    expect(plan.rowsRead('deliveries')).toBeLessThan(100);
  });
});
