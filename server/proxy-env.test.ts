// HTTPS_PROXY / HTTP_PROXY / NO_PROXY as the server reads them: parsed with the rest of the configuration, a bad
// value stops the real server process, and the start-up banner names the proxy without its credentials.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { describePushProxy } from './push/push-proxy.ts';

const HEADER = 'Invalid configuration (environment variables):\n';
const ADMIN_TOKEN = 'proxy-env-admin-token-0123';
/** The banner's last line when ADMIN_TOKEN is set: the server is up. */
const BANNER_END = 'Admin login: the token in the ADMIN_TOKEN environment variable.';

describe('the proxy variables', () => {
  it('are off when no proxy is named (NO_PROXY alone changes nothing)', () => {
    expect(loadConfig({}).pushProxy).toBeNull();
    expect(loadConfig({ NO_PROXY: 'localhost', HTTPS_PROXY: ' ' }).pushProxy).toBeNull();
  });

  it('read both spellings, the lower-case one first (as undici does)', () => {
    expect(
      loadConfig({ HTTPS_PROXY: 'http://upper:3128', https_proxy: 'http://lower:3128', NO_PROXY: 'a' })
        .pushProxy,
    ).toEqual({ httpsProxy: 'http://lower:3128', httpProxy: undefined, noProxy: 'a' });
    expect(loadConfig({ HTTP_PROXY: 'http://upper:3128', no_proxy: 'b', NO_PROXY: 'a' }).pushProxy).toEqual({
      httpsProxy: undefined,
      httpProxy: 'http://upper:3128',
      noProxy: 'b',
    });
  });

  it('refuse a value that is not an http(s) URL, naming the variable, never echoing a password', () => {
    expect(() => loadConfig({ HTTPS_PROXY: 'notaurl' })).toThrow(
      `${HEADER}  HTTPS_PROXY must be an http: or https: proxy URL like http://proxy.example:3128 (got "notaurl")`,
    );
    expect(() => loadConfig({ http_proxy: 'socks5://ops:s3cret@proxy.example:1080' })).toThrow(
      `${HEADER}  http_proxy must be an http: or https: proxy URL like http://proxy.example:3128 (got "socks5://***@proxy.example:1080")`,
    );
    expect(() => loadConfig({ HTTP_PROXY: 'ops:s3cret@127.0.0.1:3128' })).toThrow(
      `${HEADER}  HTTP_PROXY must be an http: or https: proxy URL like http://proxy.example:3128 (got "***@127.0.0.1:3128")`,
    );
  });
});

describe('describePushProxy (the start-up line)', () => {
  it('names the proxy by origin only, and the hosts that go direct', () => {
    expect(
      describePushProxy({
        httpsProxy: 'http://ops:s3cret@proxy.example:3128/',
        httpProxy: 'http://proxy.example:3128',
        noProxy: 'localhost, .internal',
      }),
    ).toBe(
      'Pushes go through the proxy http://proxy.example:3128; NO_PROXY hosts go direct: localhost, .internal',
    );
    expect(
      describePushProxy({ httpsProxy: 'https://a.example', httpProxy: 'http://b.example:8080', noProxy: '' }),
    ).toBe(
      'Pushes go through the proxy https://a.example (https: endpoints) and http://b.example:8080 (http: endpoints)',
    );
    expect(
      describePushProxy({ httpsProxy: 'http://a.example:3128', httpProxy: undefined, noProxy: '' }),
    ).toBe(
      'Pushes to https: endpoints go through the proxy http://a.example:3128 (http: endpoints go direct)',
    );
    expect(
      describePushProxy({ httpsProxy: undefined, httpProxy: 'http://b.example:3128', noProxy: '' }),
    ).toBe('Pushes go through the proxy http://b.example:3128');
  });
});

describe('the real server process', () => {
  const index = fileURLToPath(new URL('./index.ts', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'proxy-env-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs server/index.ts with `env` until it exits, or stops it once the start-up banner is printed. */
  function run(env: Record<string, string>) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', index], {
        env: {
          PATH: process.env.PATH!,
          DATABASE_PATH: join(dir, 'kit.db'),
          PUBLIC_DIR: dir,
          ADMIN_TOKEN,
          ...env,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes(BANNER_END)) child.kill('SIGTERM');
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }
  const listenOn = async () => ({ PORT: String(await freePort()), HOST: '127.0.0.1' });

  it('stops with one line naming the variable and the rule, exit code 1, no stack', async () => {
    const { code, stdout, stderr } = await run({ ...(await listenOn()), HTTPS_PROXY: 'notaurl' });
    expect(stderr).toBe(
      `${HEADER}  HTTPS_PROXY must be an http: or https: proxy URL like http://proxy.example:3128 (got "notaurl")\n`,
    );
    expect(stdout).toBe('');
    expect(code).toBe(1);
  });

  it('says at start-up that pushes go through the proxy, by its origin only', async () => {
    const listen = await listenOn();
    const { stdout } = await run({ ...listen, HTTP_PROXY: 'http://ops:s3cret@127.0.0.1:3128' });
    const lines = stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      `Web Push starter kit listening on http://127.0.0.1:${listen.PORT}`,
      '  Pushes go through the proxy http://127.0.0.1:3128',
    ]);
    expect(stdout).not.toContain('s3cret');
    expect(stdout).not.toContain('ops:');
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
