// Replaces the stored admin token and signs out every admin session: `npx tsx server/reset-admin-token.ts`.
// A running server reads the stored token at every check, so no restart is needed.
// Has no effect on login while ADMIN_TOKEN is set (the environment wins).
import { resetAdminToken } from './auth/admin-token.ts';
import { deleteAllSessions } from './auth/sessions.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';

try {
  const config = loadConfig();
  const { db, close } = openDatabase(config.databasePath);
  const token = resetAdminToken(db);
  deleteAllSessions(db, 'admin');
  close();
  console.log(`New admin token for ${config.databasePath}: ${token}`);
  console.log('A running server accepts it at once; the old token and every admin session no longer work.');
  if (config.adminToken)
    console.log('Note: ADMIN_TOKEN is set, and it wins over the stored token until you unset it.');
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
