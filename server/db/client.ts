import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { prepareDatabaseFile } from './file-modes.ts';
import * as schema from './schema.ts';

// `$client` is the better-sqlite3 handle (for its reusable transactions, see prepared.ts).
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenDatabase {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Opens (creating if needed) the SQLite file, or ':memory:', and applies the migrations. */
export function openDatabase(path: string): OpenDatabase {
  const inMemory = path === ':memory:';
  if (!inMemory) prepareDatabaseFile(path); // folder 0700, files 0600
  const sqlite = new Database(path);
  // WAL lets the API read while the fan-out writes; busy_timeout waits instead of failing on a lock.
  if (!inMemory) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  return { db, sqlite, close: () => sqlite.close() };
}
