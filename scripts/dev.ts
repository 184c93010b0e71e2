/**
 * `npm run dev [-- --no-push-service]`: the whole kit for development in one terminal.
 *   [server] the Hono API (tsx watch: restarts when server code changes), on PORT (default 3000)
 *   [web]    Vite with HMR on WEB_PORT (default 5173); it proxies /api to the server
 *   [push]   the local push service on PUSH_SERVICE_PORT (default 8089), so Firefox can subscribe and
 *            receive offline; the server accepts its http:// endpoints and no others
 * Ctrl-C (or SIGTERM) stops all of them.
 */
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { firefoxPrefLines } from '../push-service/firefox-prefs.ts';
import { startPushService, type PushService } from '../push-service/server.ts';
import { startNode, stopChildren, type RunningChild } from './children.ts';
import { explainPortInUse, PortInUseError, portFromEnv, StartupError } from './ports.ts';
import { prefixedPrinter } from './prefixed-output.ts';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const print = prefixedPrinter();
const children: RunningChild[] = [];
let pushService: PushService | undefined;
let stopping = false;

/** Fails early with a useful message, instead of a child dying (tsx watch would then just wait). */
function assertPortFree(port: number, whatUsesIt: string, variable: string): Promise<void> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(new PortInUseError(port, whatUsesIt, `set ${variable} to another port`)),
    );
    probe.listen(port, () => probe.close(() => resolvePort()));
  });
}

function startServer(apiPort: number, allowHttpEndpoints: string | undefined): RunningChild {
  const tsxCli = require.resolve('tsx/cli');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(apiPort),
    NODE_ENV: 'development',
    // API only: in dev the pages come from Vite, never from a stale `npm run build` in dist/web.
    PUBLIC_DIR: join(tmpdir(), 'webpush-dev-pages-come-from-vite'),
  };
  if (allowHttpEndpoints !== undefined) env.ALLOW_HTTP_ENDPOINTS = allowHttpEndpoints;
  const child = startNode(
    'server',
    [tsxCli, 'watch', '--clear-screen=false', join(root, 'server/index.ts')],
    { env, group: true },
  );
  // The banner's page lines describe a server that serves the build; here Vite does (see the summary).
  child.onLine((line) => {
    if (!/^\s*(API only:|Subscribe page:|Admin page:)/.test(line)) print('server', line);
  });
  return child;
}

function startVite(webPort: number, apiPort: number): RunningChild {
  const viteBin = join(dirname(require.resolve('vite/package.json')), 'bin/vite.js');
  const child = startNode('web', [viteBin, '--port', String(webPort), '--strictPort'], {
    env: { ...process.env, API_PORT: String(apiPort) },
    group: true,
  });
  child.onLine((line) => print('web', line));
  return child;
}

function summary(options: {
  pageUrl: string;
  apiPort: number;
  adminToken: string | undefined;
  push: PushService | undefined;
}): string {
  const { pageUrl, apiPort, adminToken, push } = options;
  const adminUrl = new URL('/admin/', pageUrl).href;
  const tokenHint = adminToken
    ? `token: ${adminToken} (generated now, shown once)`
    : process.env.ADMIN_TOKEN
      ? 'token: the ADMIN_TOKEN environment variable'
      : 'token: the one printed at first start (lost it? npx tsx server/reset-admin-token.ts)';
  const lines = [
    '',
    'Web Push starter kit, dev mode (Ctrl-C stops everything)',
    `  Subscribe page  ${pageUrl}`,
    `  Admin page      ${adminUrl}   ${tokenHint}`,
    `  API server      http://localhost:${apiPort}   (Vite proxies /api to it)`,
  ];
  if (push) {
    const firefox = push.port === 8089 ? 'npm run firefox' : `PUSH_SERVICE_PORT=${push.port} npm run firefox`;
    lines.push(
      `  Push service    ${push.wsUrl}   (local, in memory; the server accepts ${push.url} endpoints)`,
      '',
      `To receive pushes offline in Firefox, run \`${firefox}\` (a temporary profile with these prefs),`,
      'or set them in about:config of a Firefox profile, in this order:',
      ...firefoxPrefLines(push.wsUrl, '    '),
      '  (alerts.useSystemBackend matters only for headless Firefox; Chromium cannot use a local push service.)',
      '  Then open the subscribe page in that Firefox and enable notifications.',
    );
  } else {
    lines.push(
      '  Push service    none (--no-push-service): browsers use their vendor push service (needs internet)',
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const withPushService = !process.argv.includes('--no-push-service');
  const apiPort = portFromEnv('PORT', 3000);
  await assertPortFree(apiPort, 'API server', 'PORT');
  const webPort = portFromEnv('WEB_PORT', 5173);
  await assertPortFree(webPort, 'Vite', 'WEB_PORT');

  if (withPushService) {
    const pushPort = portFromEnv('PUSH_SERVICE_PORT', 8089);
    pushService = await explainPortInUse(
      startPushService({ port: pushPort, log: (line) => print('push', line) }),
      pushPort,
      'push service',
      'set PUSH_SERVICE_PORT to another port (or run with --no-push-service)',
    );
    print('push', `listening: ${pushService.wsUrl} (browsers), ${pushService.url}/wpush/<id> (senders)`);
  }

  const server = startServer(apiPort, pushService?.url);
  let adminToken: string | undefined;
  server.onLine((line) => {
    adminToken ??= /Admin token[^:]*: (\S+)/.exec(line)?.[1];
  });
  const web = startVite(webPort, apiPort);
  children.push(server, web);
  for (const child of children) {
    void child.exited.then((code) => {
      if (!stopping) void stop(`${child.name} exited (${code})`, 1);
    });
  }

  const [, viteLocal] = await Promise.all([
    server.waitForLine(/listening on/),
    web.waitForLine(/Local:\s+(http\S+)/),
  ]);
  print(
    'dev',
    summary({
      pageUrl: viteLocal[1] ?? `http://localhost:${webPort}/`,
      apiPort,
      adminToken,
      push: pushService,
    }),
  );
}

async function stop(reason: string, exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  print('dev', `${reason}: stopping`);
  await stopChildren(children);
  await pushService?.close();
  process.exit(exitCode);
}

process.on('SIGINT', () => void stop('Ctrl-C', 0));
process.on('SIGTERM', () => void stop('SIGTERM', 0));
// A crash of this runner must not leave the servers running in their own process groups.
process.on('exit', () => {
  for (const child of children) child.signal('SIGTERM');
});
main().catch((error: unknown) => {
  if (error instanceof StartupError) {
    // Thrown before anything started: one line that says what to change, no stack trace.
    console.error(`npm run dev: ${error.message}`);
    process.exit(1);
  }
  print('dev', error instanceof Error ? error.message : String(error));
  void stop('start-up failed', 1);
});
