import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes SQL migrations into migrations/ (committed, never hand-edited).
// The server applies them at start-up (server/db/client.ts); there is no `drizzle-kit push`.
export default defineConfig({
  dialect: 'sqlite',
  schema: './server/db/schema.ts',
  out: './migrations',
});
