import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { firefoxPushPrefList } from '../push-service/firefox-prefs.ts';
import { makeReceiver } from '../push-service/test-support.ts';
import { startNode, type RunningChild } from './children.ts';
import { freePort } from './free-port.ts';

// `npm run dev` for real: the runner, tsx watch with the server, Vite and the push service, on free ports.
let dev: RunningChild | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  dev?.signal('SIGKILL');
  await dev?.exited;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

describe('scripts/dev.ts', () => {
  it('runs the API behind Vite with the local push service, prints how to use them, and stops all on SIGTERM', async () => {
    const [apiPort, webPort, pushPort] = [await freePort(), await freePort(), await freePort()];
    dataDir = mkdtempSync(join(tmpdir(), 'webpush-dev-test-'));
    dev = startNode('dev', ['--import', 'tsx', join(import.meta.dirname, 'dev.ts')], {
      env: {
        ...process.env,
        PORT: String(apiPort),
        WEB_PORT: String(webPort),
        PUSH_SERVICE_PORT: String(pushPort),
        DATABASE_PATH: join(dataDir, 'dev.db'),
        ADMIN_TOKEN: '',
        ALLOW_HTTP_ENDPOINTS: 'http://127.0.0.1:1',
      },
    });
    const output: string[] = [];
    dev.onLine((line) => output.push(line));
    await dev.waitForLine(/Then open the subscribe page/);
    const text = output.join('\n');

    expect(text).toContain(`Subscribe page  http://localhost:${webPort}/`);
    expect(text).toMatch(
      new RegExp(
        `Admin page +http://localhost:${webPort}/admin/ +token: [\\w-]{43} \\(generated now, shown once\\)`,
      ),
    );
    expect(text).toMatch(new RegExp(`dom\\.push\\.serverURL +ws://127\\.0\\.0\\.1:${pushPort}`));
    expect(text).toMatch(/dom\.push\.testing\.allowInsecureServerURL +true/);
    // The four prefs in the one order (firefox-prefs.ts), and the command that sets them for you.
    const prefNames = output
      .filter((line) => /^\[dev\] +(dom|alerts)\.[\w.]+ +\S+$/.test(line))
      .map((line) => line.split(/ +/)[1]);
    expect(prefNames).toEqual(firefoxPushPrefList('').map(({ name }) => name));
    expect(text).toContain(`run \`PUSH_SERVICE_PORT=${pushPort} npm run firefox\``);
    // The pages come from Vite only: the server's own page lines are not shown.
    expect(text).not.toContain('Subscribe page: ');

    // Vite proxies /api to the server.
    const web = `http://localhost:${webPort}`;
    const key = await fetch(`${web}/api/vapid-public-key`);
    expect(key.status).toBe(200);
    expect(((await key.json()) as { publicKey: string }).publicKey).toHaveLength(87);

    // The server accepts http:// endpoints of the push service, and only those (not the inherited origin).
    const session = await fetch(`${web}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'dev-test' }),
    });
    const cookie = session.headers.get('set-cookie')?.split(';')[0] ?? '';
    const keys = makeReceiver();
    const subscribe = (endpoint: string) =>
      fetch(`${web}/api/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } }),
      });
    expect((await subscribe(`http://127.0.0.1:${pushPort}/wpush/dev-test`)).status).toBe(201);
    expect((await subscribe('http://127.0.0.1:1/wpush/dev-test')).status).toBe(400);
    expect((await fetch(`http://127.0.0.1:${pushPort}/_control/state`)).status).toBe(200);

    dev.signal('SIGTERM');
    expect(await dev.exited).toBe(0);
    await vi.waitFor(
      async () => {
        for (const port of [apiPort, webPort, pushPort]) expect(await portIsFree(port)).toBe(true);
      },
      { timeout: 10_000, interval: 100 },
    );
  }, 90_000);
});
