import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresInstalled, startPostgresCluster, stopPostgresCluster } from './postgres-cluster.ts';

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  } finally {
    await client.end();
  }
}

const refused = (url: string) =>
  serverVersion(url).then(
    () => 'answered',
    (error: NodeJS.ErrnoException) => error.code,
  );

// Needs the PostgreSQL programs; under CI they are installed by .ci/run, so the tests fail there without them.
const runIt = postgresInstalled() || process.env.CI === 'true';

describe.runIf(runIt)('startPostgresCluster', () => {
  let parent: string;
  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'cluster-test-'));
    await chmod(parent, 0o755); // as root the server runs as postgres, which must enter it
  });
  afterAll(async () => rm(parent, { recursive: true, force: true }));

  it('serves PostgreSQL at the URL it returns, and stop() ends it and removes its folder', async () => {
    const cluster = await startPostgresCluster({ parent });
    expect(cluster.url).toBe(`postgres://postgres@127.0.0.1:${cluster.port}/postgres`);
    expect(await serverVersion(cluster.url)).toMatch(/^\d+\.\d+/);
    expect(existsSync(join(cluster.dir, `.s.PGSQL.${cluster.port}`))).toBe(true); // its socket, in its folder
    await cluster.stop();
    expect(existsSync(cluster.dir)).toBe(false);
    expect(await refused(cluster.url)).toBe('ECONNREFUSED');
    await cluster.stop(); // twice is harmless
  });

  it('stops and removes a cluster whose owner process has ended, at the next start', async () => {
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    const stale = await startPostgresCluster({ parent, ownerPid: deadPid });
    const next = await startPostgresCluster({ parent });
    try {
      expect(existsSync(stale.dir)).toBe(false);
      expect(await refused(stale.url)).toBe('ECONNREFUSED');
      expect(await serverVersion(next.url)).toMatch(/^\d+\.\d+/);
    } finally {
      await next.stop();
    }
  });

  it('refuses to remove a folder it did not make', async () => {
    await expect(stopPostgresCluster(parent)).rejects.toThrow(/is not a cluster folder \(webpush-pg-\*\)/);
    expect(existsSync(parent)).toBe(true);
  });

  it.runIf(process.getuid?.() === 0)(
    'as root, says when the postgres user cannot enter the parent folder',
    async () => {
      const closed = await mkdtemp(join(parent, 'closed-'));
      await chmod(closed, 0o700);
      await expect(startPostgresCluster({ parent: closed })).rejects.toThrow(
        `the postgres user cannot enter ${closed}: choose a parent folder it may reach`,
      );
    },
  );

  it('names the missing programs and how to get them', async () => {
    await expect(startPostgresCluster({ bin: join(parent, 'no-such-bin') })).rejects.toThrow(
      /PostgreSQL programs not found in .*no-such-bin \(install the postgresql package, or set POSTGRES_BIN\)/,
    );
  });
});
