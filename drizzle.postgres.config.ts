import { defineConfig } from 'drizzle-kit';

// The Postgres twin of drizzle.config.ts (SQLite): `npx drizzle-kit generate --config drizzle.postgres.config.ts`
// writes SQL migrations into migrations/postgres/ (committed, never hand-edited; what the schema cannot say,
// such as a table's fillfactor, goes in a `generate --custom` migration). server/db/postgres/migrate.ts
// applies them at start-up under an advisory lock, so instances booting together do not race.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/postgres/schema.ts',
  out: './migrations/postgres',
});
