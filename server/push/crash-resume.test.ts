import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, isNotNull } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateVapidKeys } from '@starter-kit/webpush/node';
import { openDatabase } from '../db/client.ts';
import { sqliteStore } from '../db/sqlite-store.ts';
import { deliveries, messages, subscriptions } from '../db/schema.ts';
import { ADMIN_TOKEN } from '../testing/harness.ts';
import { startGatedSink, type GatedSink } from '../testing/gated-sink.ts';
import { seedSubscriptions } from '../testing/seed.ts';
import { enqueueMessage } from './enqueue-message.ts';

const DEVICES = 200;
const HALF = DEVICES / 2;
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

      expect(progress()).toMatchObject({
        status: 'done',
        total: DEVICES,
        delivered: DEVICES,
        expired: 0,
        failed: 0,
        finishedAt: expect.any(Date),
      });
      const rows = db.select().from(deliveries).where(eq(deliveries.messageId, message.id)).all();
      expect(rows.map((row) => row.subscriptionId).sort((a, b) => a! - b!)).toEqual(subscriptionIds);
      expect(rows.every((row) => row.outcome === 'delivered' && row.status === 201)).toBe(true);

      // The sink wrote exactly one 201 per endpoint: nobody who got the message was pushed again.
      const paths = Array.from({ length: DEVICES }, (_, i) => `/push/${i + 1}`);
      expect(countBy(sink.answered)).toEqual(Object.fromEntries(paths.map((path) => [path, 1])));
      // Only the requests in flight at the crash (never answered) were sent twice: at least once, in that window.
      const sentTwice = Object.entries(countBy(sink.received))
        .filter(([, n]) => n === 2)
        .map(([path]) => path);
      expect(sentTwice.sort()).toEqual([...unanswered].sort());
      expect(sink.received).toHaveLength(DEVICES + unanswered.length);
      database.close();
    },
  );
});

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

function countBy(paths: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const path of paths) counts[path] = (counts[path] ?? 0) + 1;
  return counts;
}
