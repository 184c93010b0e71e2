import { readdirSync } from 'node:fs';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { createTestDatabase, describePostgres } from '../../testing/postgres.ts';
import { migratePostgres, postgresMigrationsFolder } from './migrate.ts';

const migrationFiles = readdirSync(postgresMigrationsFolder).filter((name) => name.endsWith('.sql'));

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describePostgres('migratePostgres', () => {
  const drops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const drop of drops.splice(0)) await drop();
  });

  it('runners started together on a fresh database all succeed, and each table exists once', async () => {
    const { url, drop } = await createTestDatabase();
    drops.push(drop);
    // Four, not two: without the lock two runners collide most of the time, four nearly always.
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => migratePostgres(url)));
    expect(results.map((result) => result.status)).toEqual(Array(4).fill('fulfilled'));

    const tables = await query<{ name: string }>(
      url,
      `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
       WHERE table_schema IN ('public', 'drizzle') ORDER BY 1`,
    );
    expect(tables.map((row) => row.name)).toEqual([
      'drizzle.__drizzle_migrations',
      'public.deliveries',
      'public.messages',
      'public.rate_limit_buckets',
      'public.sessions',
      'public.settings',
      'public.subscriptions',
      'public.users',
    ]);
    // Each migration recorded once: the others waited for the lock, then found nothing to do.
    const applied = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM drizzle.__drizzle_migrations');
    expect(Number(applied[0]!.n)).toBe(migrationFiles.length);
  });

  it('is a no-op on a database already migrated, and releases the lock for the next runner', async () => {
    const { url, drop } = await createTestDatabase();
    drops.push(drop);
    await migratePostgres(url);
    await migratePostgres(url);
    const applied = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM drizzle.__drizzle_migrations');
    expect(Number(applied[0]!.n)).toBe(migrationFiles.length);
    const locks = await query(url, "SELECT 1 FROM pg_locks WHERE locktype = 'advisory'");
    expect(locks).toEqual([]);
  });

  it("leaves room on each page of deliveries and subscriptions, so the fan-out's row updates stay heap-only", async () => {
    const { url, drop } = await createTestDatabase();
    drops.push(drop);
    await migratePostgres(url);
    const options = await query<{ relname: string; reloptions: string[] | null }>(
      url,
      `SELECT relname, reloptions FROM pg_class
       WHERE relname IN ('deliveries', 'subscriptions', 'messages') ORDER BY relname`,
    );
    expect(options).toEqual([
      { relname: 'deliveries', reloptions: ['fillfactor=50'] },
      { relname: 'messages', reloptions: null },
      { relname: 'subscriptions', reloptions: ['fillfactor=50'] },
    ]);
  });
});
