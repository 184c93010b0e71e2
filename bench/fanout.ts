// The server's fan-out for `measure.ts fanout`: N stored subscriptions with real P-256 keys (a user per 10
// devices) in a temporary SQLite file made through the real migrations, then one admin message sent to all of
// them by the server's own code (enqueue, paged reads and claims, sendMany, batched outcome writes).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { generateVapidKeys } from '@starter-kit/webpush/node';
import { bootServer, type BootedServer } from '../server/boot.ts';
import { loadConfig } from '../server/config.ts';
import { messages } from '../server/db/schema.ts';
import { enqueueMessage } from '../server/push/enqueue-message.ts';
import { messagePayload } from '../server/push/payload.ts';
import { PAYLOAD } from './subscriptions.ts';

const seedScript = fileURLToPath(new URL('./seed-subscriptions.ts', import.meta.url));

/** Seeds the database (in another process) and boots the server; `run()` is the measured part. */
export function prepareFanout(origin: string, n: number) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-fanout-'));
  const databasePath = join(dir, 'webpush.db');
  execFileSync(process.execPath, ['--import', 'tsx', seedScript, databasePath, origin, String(n)], {
    stdio: 'inherit',
  });
  const config = loadConfig({
    DATABASE_PATH: databasePath,
    NODE_ENV: 'production',
    ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    VAPID_PRIVATE_KEY: generateVapidKeys().privateKey,
    VAPID_SUBJECT: 'mailto:bench@example.com',
    // The fan-out re-checks the endpoint policy before sending: let it reach the local sink at 127.0.0.1.
    ALLOW_PRIVATE_ENDPOINTS: '1',
    PUSH_SERVICE_ALLOWLIST: 'off',
  });
  const workers = process.env.BENCH_WORKERS; // e.g. 0 to compare with encryption on the main thread
  const server = bootServer(config, workers ? { fanout: { workers: Number(workers) } } : {});
  return {
    /** Enqueues one message to everyone and resolves with the number delivered once it is done. */
    async run(): Promise<number> {
      const message = await startBenchMessage(server);
      await server.fanout.whenIdle();
      const done = server.db.select().from(messages).where(eq(messages.id, message.id)).get()!;
      if (done.status !== 'done' || done.delivered !== n)
        throw new Error(`fan-out ended ${JSON.stringify(done)}`);
      return done.delivered;
    },
    async close(): Promise<void> {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Enqueues the bench's message to every device and hands it to the fan-out. The admin API caps a body at 1,000
 * characters; the benchmark pushes the same 3 KB as the other modes. Composed on a site (an origin), as the admin
 * page does: receipts on (the default), a token per device.
 */
export async function startBenchMessage(server: Pick<BootedServer, 'store' | 'fanout'>) {
  const body = bodyFilling(PAYLOAD.length);
  const message = await enqueueMessage(
    server.store,
    { title: 'Benchmark', body, target: { type: 'all' } },
    BENCH_ORIGIN,
  );
  server.fanout.enqueue(message.id);
  return message;
}

/** The site the bench's messages are composed on. */
export const BENCH_ORIGIN = 'https://bench.example';

/** A body that makes the pushed JSON `bytes` long (with a receipt token of a typical length, 35 characters). */
export function bodyFilling(bytes: number): string {
  const row = { id: 1, title: 'Benchmark', body: '', url: null, icon: null, origin: BENCH_ORIGIN };
  const frame = messagePayload(row, 'x'.repeat(35)).length;
  return 'x'.repeat(bytes - frame);
}
