// The server's fan-out on Postgres for `measure.ts fanout-pg` (one instance) and `fanout-pg2` (two instances,
// this process and a child, sharing one message): a private PostgreSQL (scripts/postgres-cluster.ts, or
// BENCH_DATABASE_URL), N stored subscriptions with real P-256 keys, then one admin message sent to all of them
// by the server's own code. Also measures the database server's CPU per message (its processes' CPU time).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPostgresCluster, type PostgresCluster } from '../scripts/postgres-cluster.ts';
import { generateVapidKeys } from '@starter-kit/webpush/node';
import { startServer } from '../server/boot.ts';
import { loadConfig } from '../server/config.ts';
import { migratePostgres } from '../server/db/postgres/migrate.ts';
import { startBenchMessage } from './fanout.ts';
import { makeSubscriptions } from './subscriptions.ts';

const instanceScript = fileURLToPath(new URL('./fanout-postgres-instance.ts', import.meta.url));

export async function preparePostgresFanout(origin: string, n: number, instances: 1 | 2) {
  const cluster: PostgresCluster | undefined = process.env.BENCH_DATABASE_URL
    ? undefined
    : await startPostgresCluster();
  const adminUrl = process.env.BENCH_DATABASE_URL ?? cluster!.url;
  const name = `bench_${randomBytes(4).toString('hex')}`;
  await query(adminUrl, `CREATE DATABASE ${name}`);
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  await migratePostgres(url);
  await seed(url, origin, n);
  const env = {
    DATABASE_URL: url,
    NODE_ENV: 'production',
    ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    VAPID_PRIVATE_KEY: generateVapidKeys().privateKey,
    VAPID_SUBJECT: 'mailto:bench@example.com',
    ALLOW_PRIVATE_ENDPOINTS: '1',
    PUSH_SERVICE_ALLOWLIST: 'off',
  };
  const server = await startServer(loadConfig(env));
  const other = instances === 2 ? await startInstance(env) : undefined;
  const dbCpu = cluster ? () => clusterCpuUs(cluster.dir) : () => 0;
  let extraCpuUs = 0;
  let dbCpuUs = 0;
  return {
    async run(): Promise<number> {
      const dbBefore = dbCpu();
      const otherBefore = other ? await other.cpuUs() : 0;
      // The store's NOTIFY tells the other instance, which claims pages beside this one.
      const message = await startBenchMessage(server);
      // As on SQLite, this instance's fan-out says when it has nothing left to send; only the other instance's
      // last pages are waited for by polling (polling the row every 10 ms throughout cost both processes CPU).
      await server.fanout.whenIdle();
      let done = await server.store.messages.byId(message.id);
      while (done?.status !== 'done') {
        await new Promise((resolve) => setTimeout(resolve, 10));
        done = await server.store.messages.byId(message.id);
      }
      if (done.delivered !== n) throw new Error(`fan-out ended ${JSON.stringify(done)}`);
      dbCpuUs = dbCpu() - dbBefore;
      if (other) extraCpuUs = (await other.cpuUs()) - otherBefore;
      return done.delivered;
    },
    /** CPU the second instance spent during the last run() (microseconds). */
    extraCpuUs: () => extraCpuUs,
    /** CPU the database server spent during run() (microseconds; 0 with BENCH_DATABASE_URL). */
    dbCpuUs: () => dbCpuUs,
    async close(): Promise<void> {
      other?.child.kill('SIGTERM');
      await server.close();
      await cluster?.stop();
    },
  };
}

/** The second instance: a process of its own booted on the same database; it reports its CPU on request. */
async function startInstance(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', instanceScript], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let wake: (() => void) | undefined;
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
    wake?.();
  });
  const nextLine = async () => {
    while (lines.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return lines.shift()!;
  };
  if ((await nextLine()) !== 'ready') throw new Error('the second instance did not start');
  return {
    child,
    async cpuUs(): Promise<number> {
      child.stdin!.write('cpu\n');
      return Number(await nextLine());
    },
  };
}

async function seed(url: string, origin: string, n: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const subs = makeSubscriptions(origin, n);
    await client.query(
      `INSERT INTO users (name) SELECT 'user-' || g FROM generate_series(0, $1::int - 1) AS g`,
      [Math.ceil(n / 10)],
    );
    await client.query(
      `INSERT INTO subscriptions (user_id, endpoint, p256dh, auth, content_encoding, updated_at)
       SELECT u.id, s.endpoint, s.p256dh, s.auth, 'aes128gcm', now()
       FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS s(endpoint, p256dh, auth, i)
       JOIN users u ON u.name = 'user-' || ((s.i - 1) / 10)`,
      [subs.map((s) => s.endpoint), subs.map((s) => s.keys.p256dh), subs.map((s) => s.keys.auth)],
    );
  } finally {
    await client.end();
  }
}

async function query(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** User + system CPU of the cluster's postmaster and its children so far, in microseconds. */
function clusterCpuUs(dir: string): number {
  const postmaster = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const tick = 1e6 / 100; // USER_HZ is 100 on Linux
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(fields[1]);
    if (pid !== postmaster && ppid !== postmaster) continue;
    total += (Number(fields[11]) + Number(fields[12])) * tick; // utime, stime
  }
  return total;
}
