// Replaces the stored admin token and signs out every admin session: `npx tsx server/reset-admin-token.ts`.
// A running server reads the stored token at every check, so no restart is needed.
// Has no effect on login while ADMIN_TOKEN is set (the environment wins).
import { resetAdminTokenIn } from './auth/admin-token.ts';
import { deleteAllSessions } from './auth/sessions.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openStore } from './db/open-store.ts';

try {
  const config = loadConfig();
  const store = await openStore(config.database);
  const token = await resetAdminTokenIn(store.settings);
  await deleteAllSessions(store.sessions, 'admin');
  await store.close();
  const where = config.database.dialect === 'postgres' ? 'the Postgres database' : config.database.path;
  console.log(`New admin token for ${where}: ${token}`);
  console.log('A running server accepts it at once; the old token and every admin session no longer work.');
  if (config.adminToken)
    console.log('Note: ADMIN_TOKEN is set, and it wins over the stored token until you unset it.');
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
