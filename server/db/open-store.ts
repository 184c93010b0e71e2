import { migratePostgres } from './postgres/migrate.ts';
import { openPostgresStore } from './postgres/store.ts';
import { openSqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

/** Which database: the embedded SQLite file (one instance), or Postgres (several may share it). */
export type DatabaseConfig = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

/**
 * The configured database, its migrations applied: the SQLite file (created if needed), or Postgres
 * (migrated under an advisory lock, so instances booting together wait for one another, then pooled).
 */
export async function openStore(database: DatabaseConfig): Promise<Store> {
  if (database.dialect === 'sqlite') return openSqliteStore(database.path);
  try {
    await migratePostgres(database.url);
  } catch (error) {
    throw new Error(`could not migrate the Postgres database at DATABASE_URL: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return openPostgresStore(database.url);
}
