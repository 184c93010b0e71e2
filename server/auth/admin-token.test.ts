import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootServer } from '../boot.ts';
import { adminLogin, testConfig } from '../testing/harness.ts';

const resetScript = fileURLToPath(new URL('../reset-admin-token.ts', import.meta.url));

describe('reset-admin-token.ts beside a running server (two processes, one SQLite file)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'webpush-reset-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the running server accepts the new token at once and refuses the old one and its sessions', async () => {
    const databasePath = join(dir, 'webpush.db');
    const server = bootServer(testConfig({ DATABASE_PATH: databasePath, ADMIN_TOKEN: '' }));
    try {
      const oldToken = server.adminToken.generatedToken!;
      const oldCookie = await adminLogin(server.app, oldToken);
      const asAdmin = async (headers: Record<string, string>) =>
        (await server.app.request('/api/admin/users', { headers })).status;
      expect(await asAdmin({ authorization: `Bearer ${oldToken}` })).toBe(200);
      expect(await asAdmin({ cookie: oldCookie })).toBe(200);

      const output = execFileSync(process.execPath, ['--import', 'tsx', resetScript], {
        env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_PATH: databasePath },
        encoding: 'utf8',
      });
      const newToken = /^New admin token for .+: ([\w-]{43})$/m.exec(output)?.[1];
      expect(newToken).toBeDefined();
      expect(newToken).not.toBe(oldToken);

      expect(await asAdmin({ authorization: `Bearer ${oldToken}` })).toBe(401);
      expect(await asAdmin({ cookie: oldCookie })).toBe(401);
      expect(await asAdmin({ authorization: `Bearer ${newToken}` })).toBe(200);
      const login = (token: string) =>
        server.app.request('/api/admin/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token }),
        });
      expect((await login(oldToken)).status).toBe(401);
      expect((await login(newToken!)).status).toBe(204);
    } finally {
      await server.close();
    }
  });
});
