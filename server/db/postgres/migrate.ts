import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';

export const postgresMigrationsFolder = fileURLToPath(
  new URL('../../../migrations/postgres', import.meta.url),
);

/** The advisory lock's key, any fixed 64-bit number: the same one in every instance of the kit. */
export const MIGRATION_LOCK_KEY = 8_030_829_101;

/**
 * Applies migrations/postgres/ to the database at `url`. Instances booting at once would race (both see
 * an empty migrations table, both run CREATE TABLE), so each takes a session advisory lock on one
 * connection first: the second waits, then finds everything applied. The lock goes with the connection,
 * so an instance that dies mid-migration frees it (its migration transaction rolls back).
 */
export async function migratePostgres(
  url: string,
  migrationsFolder = postgresMigrationsFolder,
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // drizzle over this one client: every statement of migrate() runs on the connection holding the lock.
    await migrate(drizzle(client), { migrationsFolder });
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  } finally {
    await client.end();
  }
}
