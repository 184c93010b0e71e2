import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { migratePostgres } from '../db/postgres/migrate.ts';

const target = inject('postgres');

/**
 * `describe` for tests that need a real PostgreSQL server (see postgres-global-setup.ts). Without one,
 * they fail under CI=true (CI must run them) and are skipped with the reason printed elsewhere.
 */
export function describePostgres(name: string, body: () => void): void {
  if (target.url) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () =>
      it('needs PostgreSQL', () => {
        throw new Error(`no PostgreSQL for the Postgres tests under CI: ${target.reason}`);
      }),
    );
    return;
  }
  console.warn(`skipped "${name}": ${target.reason}`);
  describe.skip(name, body);
}

/** The test server's URL (inside describePostgres only). */
export function postgresUrl(): string {
  if (!target.url) throw new Error(`no PostgreSQL: ${target.reason}`);
  return target.url;
}

/** Creates an empty database on the test server; returns its URL. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(postgresUrl());
  url.pathname = `/${name}`;
  // FORCE: a test that failed may leave connections open; they must not keep the database.
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export interface TestDatabase {
  readonly url: string;
  /** A pool on the database (an "instance"), ended before the database is dropped. */
  pool(max?: number): pg.Pool;
}

/** A fresh, migrated database for the tests of one describe block: call at the top of describePostgres. */
export function useMigratedDatabase(): TestDatabase {
  let url = '';
  let drop: (() => Promise<void>) | undefined;
  const pools: pg.Pool[] = [];
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    await migratePostgres(database.url);
    url = database.url;
  });
  afterAll(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
    await drop?.();
  });
  return {
    get url() {
      return url;
    },
    pool(max = 4) {
      const pool = new pg.Pool({ connectionString: url, max });
      // The drop at the end ends connections still closing; that is not the test's failure.
      pool.on('error', () => {});
      pools.push(pool);
      return pool;
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
