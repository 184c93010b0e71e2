import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from './schema.ts';

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export interface OpenPostgres {
  db: PgDb;
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface PostgresOptions {
  /** Connections in the pool (default 10): the API's queries and the fan-out's share them. */
  max?: number;
}

/** A connection pool to the database at `url` (postgres://...), wrapped in Drizzle. Nothing is migrated here. */
export function openPostgres(url: string, options: PostgresOptions = {}): OpenPostgres {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle connection that the server drops (restart, failover) must not crash the process; the pool
  // replaces it and the next query reports any lasting trouble.
  pool.on('error', (error) => console.error(`postgres: an idle connection failed: ${error.message}`));
  const db = drizzle(pool, { schema }) as PgDb;
  let closed: Promise<void> | undefined;
  return { db, pool, close: () => (closed ??= pool.end()) };
}
