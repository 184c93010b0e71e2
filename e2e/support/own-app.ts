import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startNode, type RunningChild } from '../../scripts/children.ts';
import { freePort } from '../../scripts/free-port.ts';
import { E2E_ADMIN_TOKEN } from './constants.ts';

/**
 * An app server of the spec's own (server/index.ts, as `npm run serve` starts it) on its own SQLite file, which
 * the spec may stop and start again on the same file and port: what a restart is. It serves the API only.
 */
export interface OwnApp {
  url: string;
  db: string;
  start(): Promise<void>;
  /** SIGTERM, as a deploy or Ctrl-C sends; resolves once the process has exited. */
  stop(): Promise<void>;
  /** Lines the server printed, both streams. */
  output: string[];
  dispose(): Promise<void>;
}

export async function ownApp(pushUrl: string, env: Record<string, string> = {}): Promise<OwnApp> {
  const dir = mkdtempSync(join(tmpdir(), 'webpush-own-app-'));
  const port = await freePort();
  const db = join(dir, 'app.db');
  const output: string[] = [];
  let child: RunningChild | undefined;
  const app: OwnApp = {
    url: `http://127.0.0.1:${port}`,
    db,
    output,
    async start() {
      child = startNode(
        'own-app',
        ['--import', 'tsx', resolve(import.meta.dirname, '../../server/index.ts')],
        {
          env: {
            ...process.env,
            ADMIN_TOKEN: E2E_ADMIN_TOKEN,
            ALLOW_HTTP_ENDPOINTS: pushUrl,
            NODE_ENV: 'test',
            PORT: String(port),
            HOST: '127.0.0.1',
            DATABASE_PATH: db,
            PUBLIC_DIR: join(dir, 'no-pages'),
            RATE_LIMIT_SIGN_IN: 'off',
            ...env,
          },
        },
      );
      child.onLine((line) => output.push(line));
      await child.waitForLine(/listening on/);
    },
    async stop() {
      if (!child) return;
      child.signal('SIGTERM');
      await child.exited;
      child = undefined;
    },
    async dispose() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return app;
}
