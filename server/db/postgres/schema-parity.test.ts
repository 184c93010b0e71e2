import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as sqlite from '../schema.ts';
import * as postgres from './schema.ts';

/** Columns and indexes by their SQL names, per table. */
function shape(tables: Record<string, unknown>) {
  const out: Record<string, { columns: string[]; indexes: string[] }> = {};
  for (const table of Object.values(tables)) {
    const config =
      table instanceof PgTable
        ? pgTableConfig(table)
        : table instanceof SQLiteTable
          ? sqliteTableConfig(table)
          : undefined;
    if (!config) continue;
    out[config.name] = {
      columns: config.columns.map((column) => column.name).sort(),
      indexes: config.indexes.map((index) => index.config.name ?? '(unnamed)').sort(),
    };
  }
  return out;
}

// What only Postgres has: the lease columns that let several instances share the fan-out, and the
// rate-limit buckets that one SQLite instance keeps in memory. Remove an entry once SQLite has it too.
const ONLY_IN_POSTGRES = { deliveries: ['claimed_by', 'claimed_until'] };
const TABLES_ONLY_IN_POSTGRES = ['rate_limit_buckets'];

describe('the Postgres schema mirrors the SQLite one', () => {
  it('has the same tables, columns and index names (a column added to one file must be added to the other)', () => {
    const fromSqlite = shape(sqlite);
    const fromPostgres = shape(postgres);
    for (const table of TABLES_ONLY_IN_POSTGRES) delete fromPostgres[table];
    for (const [table, columns] of Object.entries(ONLY_IN_POSTGRES)) {
      const entry = fromPostgres[table]!;
      for (const column of columns) {
        // Listed here but now in SQLite too: time to drop it from the list.
        expect(fromSqlite[table]?.columns, `${table}.${column} is in both now`).not.toContain(column);
        entry.columns = entry.columns.filter((name) => name !== column);
      }
    }
    expect(fromPostgres).toEqual(fromSqlite);
  });
});
