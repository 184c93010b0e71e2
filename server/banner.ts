import type { RunningServer } from './boot.ts';
import type { Config } from './config.ts';
import { describePushProxy } from './push/push-proxy.ts';

/** What start-up prints: where the pages are and how to log in to the admin page. */
export function startupBanner(config: Config, server: RunningServer, servingPages: boolean): string {
  const host = !config.host || config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
  const lines = [`Web Push starter kit listening on ${base}`];
  if (config.pushProxy) lines.push(`  ${describePushProxy(config.pushProxy)}`);
  if (servingPages) {
    lines.push(`  Subscribe page: ${base}/`, `  Admin page:     ${base}/admin`);
  } else {
    lines.push(
      `  API only: no web build in ${config.publicDir} (run \`npm run build\`, or \`npm run dev\` for Vite)`,
    );
  }
  const token = server.adminToken;
  if (token.source === 'generated') {
    lines.push(
      '',
      `  Admin token (shown only this once; only its hash is stored): ${token.generatedToken}`,
      '  Log in with it on the admin page, or send it as "Authorization: Bearer <token>".',
    );
  } else if (token.source === 'env') {
    lines.push('  Admin login: the token in the ADMIN_TOKEN environment variable.');
  } else {
    lines.push(
      '  Admin login: the token printed at first start.',
      '  Lost it? `npx tsx server/reset-admin-token.ts` prints a new one (or set ADMIN_TOKEN).',
    );
  }
  if (server.vapid.source === 'generated') {
    lines.push(
      config.database.dialect === 'postgres'
        ? '  Generated a VAPID key pair and stored it in the Postgres database (keep it: subscriptions depend on it).'
        : `  Generated a VAPID key pair and stored it in ${config.database.path} (keep that file: subscriptions depend on it).`,
    );
  } else if (server.vapid.source === 'env') {
    lines.push('  VAPID keys: from VAPID_PRIVATE_KEY.');
  }
  return lines.join('\n');
}
