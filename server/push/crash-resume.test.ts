import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, isNotNull } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateVapidKeys } from '@starter-kit/webpush/node';
import { openDatabase } from '../db/client.ts';
import { migratePostgres } from '../db/postgres/migrate.ts';
import { openPostgresStore } from '../db/postgres/store.ts';
import { sqliteStore } from '../db/sqlite-store.ts';
import { deliveries, messages, subscriptions } from '../db/schema.ts';
import { ADMIN_TOKEN, browserSubscription } from '../testing/harness.ts';
import { startGatedSink, type GatedSink } from '../testing/gated-sink.ts';
import { createTestDatabase, describePostgres } from '../testing/postgres.ts';
import { seedSubscriptions } from '../testing/seed.ts';
import { enqueueMessage } from './enqueue-message.ts';

const DEVICES = 200;
const HALF = DEVICES / 2;
/** The message once the restarted process has finished it. */
const ALL_DELIVERED = {
  status: 'done',
  total: DEVICES,
  delivered: DEVICES,
  expired: 0,
  failed: 0,
  finishedAt: expect.any(Date),
};
const worker = fileURLToPath(new URL('../testing/fanout-worker.ts', import.meta.url));

describe('a fan-out killed half way (SIGKILL) and restarted', () => {
  let dir: string;
  let sink: GatedSink;
  let child: ChildProcess | undefined;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'webpush-crash-'));
    sink = await startGatedSink({ answerFirst: HALF });
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'ends with one delivered row per device, exact counts, and one 201 per endpoint',
    { timeout: 60_000 },
    async () => {
      const databasePath = join(dir, 'webpush.db');
      const env = {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        // The fan-out re-checks the endpoint policy: the sink's plain-http origin must be allowed.
        ALLOW_HTTP_ENDPOINTS: sink.origin,
        DATABASE_PATH: databasePath,
        ADMIN_TOKEN,
        VAPID_PRIVATE_KEY: generateVapidKeys().privateKey,
      };
      const database = openDatabase(databasePath);
      const { db } = database;
      const subscriptionIds = seedSubscriptions(db, sink.origin, DEVICES);
      const message = await enqueueMessage(sqliteStore(database), {
        title: 'Once each',
        body: 'exactly once',
        target: { type: 'all' },
      });
      const progress = () => db.select().from(messages).where(eq(messages.id, message.id)).get()!;

      // First process: the sink answers the first half, then holds every request. Once the database
      // shows half delivered, the process dies with requests in flight.
      child = startWorker(env);
      const firstExit = exitOf(child);
      const first = child;
      await until(() => {
        if (first.exitCode !== null) throw new Error(`the first worker exited early (${first.exitCode})`);
        return progress().delivered === HALF && sink.heldPaths().length > 0;
      });
      child.kill('SIGKILL');
      expect(await firstExit).toBe('SIGKILL');
      // The dead process's connections close; the sink drops those requests unanswered.
      await until(() => sink.heldPaths().length === 0);
      expect(progress()).toMatchObject({ status: 'sending', total: DEVICES, delivered: HALF, failed: 0 });
      const unanswered = sink.received.slice(HALF);
      expect(unanswered.length).toBeGreaterThan(0);
      // Every request the sink got but never answered belongs to a delivery claimed before it was sent,
      // still without an outcome.
      const claimedWithoutOutcome = db
        .select({ endpoint: subscriptions.endpoint })
        .from(deliveries)
        .innerJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
        .where(and(eq(deliveries.outcome, 'pending'), isNotNull(deliveries.claimedAt)))
        .all()
        .map((row) => new URL(row.endpoint).pathname);
      expect(claimedWithoutOutcome).toEqual(expect.arrayContaining(unanswered));

      // Second process on the same file, with the push service answering again, finishes the job.
      sink.answerAll();
      child = startWorker(env);
      expect(await exitOf(child)).toBe(0);
      child = undefined;

      expect(progress()).toMatchObject(ALL_DELIVERED);
      const rows = db.select().from(deliveries).where(eq(deliveries.messageId, message.id)).all();
      expect(rows.map((row) => row.subscriptionId).sort((a, b) => a! - b!)).toEqual(subscriptionIds);
      expect(rows.every((row) => row.outcome === 'delivered' && row.status === 201)).toBe(true);

      expectOnceEachBarTheCrashWindow(sink, unanswered);
      database.close();
    },
  );
});

describePostgres(
  'on Postgres, a fan-out killed half way (SIGKILL) and restarted once its leases ran out',
  () => {
    let sink: GatedSink;
    let child: ChildProcess | undefined;
    const cleanups: (() => Promise<unknown>)[] = [];
    beforeEach(async () => {
      sink = await startGatedSink({ answerFirst: HALF });
    });
    afterEach(async () => {
      child?.kill('SIGKILL');
      await sink.close();
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
    });

    it(
      'the restarted instance resumes the message: one delivered row per device, one 201 per endpoint',
      { timeout: 60_000 },
      async () => {
        const database = await createTestDatabase();
        cleanups.push(database.drop);
        await migratePostgres(database.url);
        const env = {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          ALLOW_HTTP_ENDPOINTS: sink.origin,
          DATABASE_URL: database.url,
          ADMIN_TOKEN,
          VAPID_PRIVATE_KEY: generateVapidKeys().privateKey,
          // Short leases: the restarted process cannot tell the dead one's claims from another live instance's.
          FANOUT_LEASE: '2',
          FANOUT_LEASE_RENEW: '1',
        };
        const store = openPostgresStore(database.url, { max: 2 });
        cleanups.push(() => store.close());
        const direct = new pg.Pool({ connectionString: database.url, max: 1 });
        cleanups.push(() => direct.end());
        const subscriptionIds: number[] = [];
        for (let i = 1; i <= DEVICES; i++) {
          const user = await store.users.findOrCreate(`user-${Math.ceil(i / 10)}`);
          const { json } = browserSubscription(`${sink.origin}/push/${i}`);
          const stored = await store.subscriptions.upsert(
            {
              userId: user.id,
              endpoint: json.endpoint,
              ...json.keys,
              contentEncoding: 'aes128gcm',
              userAgent: null,
            },
            { maxDevices: 10 },
          );
          if (stored.refused) throw new Error(`device ${i} refused: ${stored.refused}`);
          subscriptionIds.push(stored.row.id);
        }
        const message = await enqueueMessage(store, {
          title: 'Once each',
          body: 'exactly once',
          target: { type: 'all' },
        });
        const progress = async () => (await store.messages.byId(message.id))!;
        const rowsWhere = async (condition: string) =>
          (
            await direct.query<{ path: string }>(
              `SELECT s.endpoint AS path FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
             WHERE d.message_id = $1 AND ${condition}`,
              [message.id],
            )
          ).rows.map((row) => new URL(row.path).pathname);

        child = startWorker(env);
        const firstExit = exitOf(child);
        const first = child;
        await untilAsync(async () => {
          if (first.exitCode !== null) throw new Error(`the first worker exited early (${first.exitCode})`);
          return (await progress()).delivered === HALF && sink.heldPaths().length > 0;
        });
        child.kill('SIGKILL');
        expect(await firstExit).toBe('SIGKILL');
        await until(() => sink.heldPaths().length === 0);
        expect(await progress()).toMatchObject({
          status: 'sending',
          total: DEVICES,
          delivered: HALF,
          failed: 0,
        });
        const unanswered = sink.received.slice(HALF);
        expect(unanswered.length).toBeGreaterThan(0);
        // The requests in flight at the kill belong to deliveries still leased to the dead process.
        expect(await rowsWhere("d.outcome = 'pending' AND d.claimed_until > now()")).toEqual(
          expect.arrayContaining(unanswered),
        );

        // Restarted before the leases ran out, a process finds nothing it may claim; so the restart waits them out.
        await untilAsync(
          async () => (await rowsWhere("d.outcome = 'pending' AND d.claimed_until > now()")).length === 0,
        );
        sink.answerAll();
        child = startWorker(env);
        expect(await exitOf(child)).toBe(0);
        child = undefined;

        expect(await progress()).toMatchObject(ALL_DELIVERED);
        const rows = await direct.query<{ subscription_id: number; outcome: string; status: number }>(
          'SELECT subscription_id, outcome, status FROM deliveries WHERE message_id = $1 ORDER BY subscription_id',
          [message.id],
        );
        expect(rows.rows.map((row) => row.subscription_id)).toEqual(subscriptionIds);
        expect(rows.rows.every((row) => row.outcome === 'delivered' && row.status === 201)).toBe(true);
        expectOnceEachBarTheCrashWindow(sink, unanswered);
      },
    );
  },
);

/**
 * The sink wrote exactly one 201 per endpoint (nobody who got the message was pushed again), and only the
 * requests in flight at the crash, never answered, were sent twice: at least once, in that window.
 */
function expectOnceEachBarTheCrashWindow(sink: GatedSink, unanswered: readonly string[]): void {
  const paths = Array.from({ length: DEVICES }, (_, i) => `/push/${i + 1}`);
  expect(countBy(sink.answered)).toEqual(Object.fromEntries(paths.map((path) => [path, 1])));
  const sentTwice = Object.entries(countBy(sink.received))
    .filter(([, n]) => n === 2)
    .map(([path]) => path);
  expect(sentTwice.sort()).toEqual([...unanswered].sort());
  expect(sink.received).toHaveLength(DEVICES + unanswered.length);
}

function startWorker(env: Record<string, string | undefined>): ChildProcess {
  const started = spawn(process.execPath, ['--import', 'tsx', worker], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  started.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  started.on('exit', (code) => {
    if (code) console.error(`fan-out worker exited ${code}:\n${stderr}`); // why, when a test fails
  });
  return started;
}

/** Resolves with the exit code, or the signal that ended the process. */
function exitOf(process: ChildProcess): Promise<number | string> {
  return new Promise((resolve) => process.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
}

/** Polls a condition (the test's own timeout bounds the wait; nothing here measures time). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function untilAsync(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}

function countBy(paths: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const path of paths) counts[path] = (counts[path] ?? 0) + 1;
  return counts;
}
