// End to end on Postgres: two server processes (server/index.ts, as `npm run serve` starts it) share one
// database and one message to 500 devices of the local push service; one is killed with SIGKILL while
// sending. The survivor takes over the dead one's deliveries once their leases run out.
import { createECDH, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { FakeBrowser } from '../../push-service/fake-browser.ts';
import { startPushService, type PushService } from '../../push-service/server.ts';
import { startNode } from '../../scripts/children.ts';
import { freePort } from '../../scripts/free-port.ts';
import { generateVapidKeys } from '@starter-kit/webpush/node';
import { migratePostgres } from '../db/postgres/migrate.ts';
import { openPostgresStore } from '../db/postgres/store.ts';
import { ADMIN_TOKEN } from '../testing/harness.ts';
import { createTestDatabase, describePostgres } from '../testing/postgres.ts';

const DEVICES = 500;
const BROWSERS = 10; // each registers DEVICES / BROWSERS channels on its one socket
const root = resolve(import.meta.dirname, '../..');

describePostgres('two instances on one Postgres database, one killed mid-send', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  });

  it(
    'every delivery ends with exactly one outcome, no device gets the message more than twice, none is missed',
    { timeout: 120_000 },
    async () => {
      const database = await createTestDatabase();
      cleanups.push(database.drop);
      await migratePostgres(database.url);
      const pushService: PushService = await startPushService({ port: 0 });
      cleanups.push(() => pushService.close());
      // Slow answers keep both instances busy long enough to kill one half way.
      pushService.faults.add({ endpointId: null, action: { type: 'delay', ms: 400 }, times: null });
      const vapid = generateVapidKeys();

      // 500 devices: channels registered with the push service under the app's VAPID key, stored as the
      // subscriptions API would store them (10 users of 50 devices).
      const browsers = await Promise.all(
        Array.from({ length: BROWSERS }, () => FakeBrowser.connect(pushService.wsUrl)),
      );
      cleanups.push(() => Promise.all(browsers.map((browser) => browser.close())));
      const store = openPostgresStore(database.url, { max: 4 });
      cleanups.push(() => store.close());
      const channelOf = new Map<string, string>(); // endpoint -> channelID
      for (let b = 0; b < BROWSERS; b++) {
        const user = await store.users.findOrCreate(`user-${b + 1}`);
        for (let i = 0; i < DEVICES / BROWSERS; i++) {
          const { channelID, endpoint } = await browsers[b]!.register(vapid.publicKey);
          channelOf.set(endpoint, channelID);
          const ecdh = createECDH('prime256v1');
          ecdh.generateKeys();
          const result = await store.subscriptions.upsert(
            {
              userId: user.id,
              endpoint,
              p256dh: ecdh.getPublicKey('base64url'),
              auth: randomBytes(16).toString('base64url'),
              contentEncoding: 'aes128gcm',
              userAgent: null,
            },
            { maxDevices: DEVICES },
          );
          expect(result.refused).toBeUndefined();
        }
      }

      const env = {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        ADMIN_TOKEN,
        VAPID_PRIVATE_KEY: vapid.privateKey,
        ALLOW_HTTP_ENDPOINTS: pushService.url,
        PUBLIC_DIR: join(root, 'no-such-build'),
        FANOUT_LEASE: '3',
        FANOUT_LEASE_RENEW: '1',
      };
      const start = async (name: string) => {
        const port = await freePort();
        const child = startNode(name, ['--import', 'tsx', join(root, 'server/index.ts')], {
          env: { ...env, PORT: String(port) },
        });
        child.onLine((line, stream) => {
          if (stream === 'stderr') console.error(`[${name}] ${line}`);
        });
        cleanups.push(async () => {
          child.signal('SIGKILL');
          await child.exited;
        });
        await child.waitForLine(/listening on/);
        return { child, url: `http://127.0.0.1:${port}` };
      };
      const [doomed, survivor] = await Promise.all([start('doomed'), start('survivor')]);

      // The admin sends through one instance; the other hears of it through NOTIFY and shares the work.
      const sent = await fetch(`${survivor.url}/api/admin/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify({ title: 'To all', body: 'once each', target: { type: 'all' } }),
      });
      expect(sent.status).toBe(202);
      const messageId = ((await sent.json()) as { message: { id: number } }).message.id;

      const direct = new pg.Pool({ connectionString: database.url, max: 1 });
      cleanups.push(() => direct.end());
      const outcomesBy = async () =>
        (
          await direct.query<{ claimed_by: string; n: number }>(
            `SELECT claimed_by, count(*)::int AS n FROM deliveries
             WHERE message_id = $1 AND outcome <> 'pending' GROUP BY claimed_by`,
            [messageId],
          )
        ).rows;
      // Kill one once both have written outcomes of their own: it dies with requests in flight.
      await until(async () => {
        const rows = await outcomesBy();
        return rows.length === 2 && rows.every((row) => row.n >= 20);
      });
      doomed.child.signal('SIGKILL');
      expect(await doomed.child.exited).toBe('SIGKILL');
      // It died holding deliveries without an outcome: the survivor must take them over.
      const doomedId = `%-${doomed.child.process.pid}-%`;
      const held = await direct.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM deliveries
         WHERE message_id = $1 AND outcome = 'pending' AND claimed_by LIKE $2`,
        [messageId, doomedId],
      );
      expect(held.rows[0]!.n).toBeGreaterThan(0);

      await until(async () => (await store.messages.byId(messageId))?.status === 'done');
      expect(await store.messages.byId(messageId)).toMatchObject({
        status: 'done',
        total: DEVICES,
        delivered: DEVICES,
        expired: 0,
        failed: 0,
      });
      // Every delivery has exactly one outcome (the table has one row per device and none is pending).
      const rows = await direct.query<{ outcome: string; n: number }>(
        'SELECT outcome, count(*)::int AS n FROM deliveries WHERE message_id = $1 GROUP BY outcome',
        [messageId],
      );
      expect(rows.rows).toEqual([{ outcome: 'delivered', n: DEVICES }]);
      const devices = await direct.query<{ n: number }>(
        'SELECT count(DISTINCT subscription_id)::int AS n FROM deliveries WHERE message_id = $1',
        [messageId],
      );
      expect(devices.rows).toEqual([{ n: DEVICES }]);

      // Every device got the message, none more than twice (only those in flight at the kill may repeat).
      await until(async () => {
        await Promise.all(browsers.map((browser) => browser.sync()));
        return received(browsers).size === DEVICES;
      });
      const counts = received(browsers);
      expect([...counts.keys()].sort()).toEqual([...channelOf.values()].sort());
      expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
      const twice = [...counts.values()].filter((n) => n === 2).length;
      console.info(
        `two instances: the killed one held ${held.rows[0]!.n} deliveries without an outcome; ${twice} devices got the message twice`,
      );
    },
  );
});

const seen = new WeakMap<FakeBrowser, Map<string, number>>();
/** Notifications per channel so far, across the browsers (each is acked as it is read). */
function received(browsers: FakeBrowser[]): Map<string, number> {
  const all = new Map<string, number>();
  for (const browser of browsers) {
    const counts = seen.get(browser) ?? new Map<string, number>();
    seen.set(browser, counts);
    for (const frame of browser.take('notification')) {
      const channelID = String(frame.channelID);
      counts.set(channelID, (counts.get(channelID) ?? 0) + 1);
      browser.ack(channelID, String(frame.version));
    }
    for (const [channel, n] of counts) all.set(channel, n);
  }
  return all;
}

/** Polls an async condition (the test's own timeout bounds the wait). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50));
}
