/**
 * The servers the Playwright suite runs against, started by playwright.config.ts (`webServer`):
 * the web pages built into a temporary folder, the local push service, and two copies of the built app
 * with a fresh SQLite file each. `app` serves most specs; `broadcast` serves only the spec that sends to
 * everyone, so users made by other specs cannot change its counts. Once all are up it prints
 *   e2e servers ready: push=<url> app=<url> app_db=<file> broadcast=<url> broadcast_db=<file>
 * which the config turns into environment variables for the specs. SIGTERM/SIGINT stop everything and
 * remove the temporary folder. ADMIN_TOKEN must be set (both apps use it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { startPushService, type PushService } from '../push-service/server.ts';
import { startNode, stopChildren, type RunningChild } from './children.ts';
import { freePort } from './free-port.ts';

const root = resolve(import.meta.dirname, '..');
const workDir = mkdtempSync(join(tmpdir(), 'webpush-e2e-'));
const children: RunningChild[] = [];
let pushService: PushService | undefined;

async function buildPages(outDir: string): Promise<void> {
  await build({
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

/** Starts `server/index.ts` (the same entry as `npm run serve`) and waits for its banner. */
async function startApp(name: string, env: NodeJS.ProcessEnv): Promise<{ url: string; db: string }> {
  const port = await freePort();
  const db = join(workDir, `${name}.db`);
  const child = startNode(name, ['--import', 'tsx', join(root, 'server/index.ts')], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: db },
  });
  children.push(child);
  // Errors (and the fan-out's) reach the Playwright output; the banner does not need to.
  child.onLine((line, stream) => {
    if (stream === 'stderr') console.error(`[${name}] ${line}`);
  });
  await child.waitForLine(/listening on/);
  return { url: `http://127.0.0.1:${port}`, db };
}

async function main(): Promise<void> {
  const adminToken = process.env.ADMIN_TOKEN;
  if (!adminToken) throw new Error('ADMIN_TOKEN must be set (playwright.config.ts sets it)');
  const publicDir = join(workDir, 'web');
  await buildPages(publicDir);
  pushService = await startPushService({ port: 0 });
  const env = {
    ADMIN_TOKEN: adminToken,
    ALLOW_HTTP_ENDPOINTS: pushService.url,
    PUBLIC_DIR: publicDir,
    NODE_ENV: 'test',
    // Every spec signs in from 127.0.0.1; the login and sign-in rate limits have their own tests.
    RATE_LIMIT_ADMIN_LOGIN: 'off',
    RATE_LIMIT_SIGN_IN: 'off',
  };
  const [app, broadcast] = await Promise.all([startApp('app', env), startApp('broadcast', env)]);
  console.log(
    `e2e servers ready: push=${pushService.url} app=${app.url} app_db=${app.db} ` +
      `broadcast=${broadcast.url} broadcast_db=${broadcast.db}`,
  );
  // Any app that stops on its own ends the run: the specs cannot pass without it.
  for (const child of children) {
    void child.exited.then((code) => {
      if (!stopping) void stop(`${child.name} exited (${code})`, 1);
    });
  }
}

let stopping = false;
async function stop(reason: string, exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (exitCode !== 0) console.error(`e2e servers stopping: ${reason}`);
  await stopChildren(children);
  await pushService?.close();
  rmSync(workDir, { recursive: true, force: true });
  process.exit(exitCode);
}

process.on('SIGTERM', () => void stop('SIGTERM', 0));
process.on('SIGINT', () => void stop('SIGINT', 0));
main().catch((error: unknown) => void stop(error instanceof Error ? error.message : String(error), 1));
