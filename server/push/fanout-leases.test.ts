import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../db/postgres/store.ts';
import { openSqliteStore } from '../db/sqlite-store.ts';
import type { Store } from '../db/store.ts';
import { startGatedSink } from '../testing/gated-sink.ts';
import { browserSubscription } from '../testing/harness.ts';
import { describePostgres, useMigratedDatabase } from '../testing/postgres.ts';
import { startPushSink } from '../testing/push-sink.ts';
import { Fanout, type FanoutOptions } from './fanout.ts';
import { createPushAgent } from './push-agent.ts';
import { pushServiceOf } from './push-service.ts';

const vapidPrivateKey: KeyObject = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;

/** `count` devices of one user at the sink, and a message to all of them; returns the message id. */
async function seedMessage(store: Store, origin: string, count: number): Promise<number> {
  const user = await store.users.findOrCreate('ada');
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const { json } = browserSubscription(`${origin}/push/${i + 1}`);
      const result = await store.subscriptions.upsert(
        {
          userId: user.id,
          endpoint: json.endpoint,
          ...json.keys,
          contentEncoding: 'aes128gcm',
          userAgent: null,
        },
        { maxDevices: 100_000 },
      );
      if (result.refused) throw new Error('refused');
    }),
  );
  const message = await store.messages.insertWithDeliveries(
    { title: 'Hi', body: 'all', ttl: 60, urgency: 'normal', target: { type: 'all' } },
    pushServiceOf,
  );
  return message.id;
}

function suite(openStore: () => Store) {
  let sink: Awaited<ReturnType<typeof startPushSink>>;
  let agent: Agent;
  const stores: Store[] = [];
  const fanouts: Fanout[] = [];
  const fanout = (store: Store, over: Partial<FanoutOptions> = {}) => {
    const worker = new Fanout({
      store,
      vapidPrivateKey,
      subject: 'mailto:test@example.com',
      dispatcher: agent,
      endpointPolicy: { check: async () => null },
      workers: 0,
      ...over,
    });
    fanouts.push(worker);
    return worker;
  };
  beforeEach(async () => {
    sink = await startPushSink();
    agent = createPushAgent(16);
  });
  afterEach(async () => {
    for (const worker of fanouts.splice(0)) await worker.stop();
    for (const store of stores.splice(0)) await store.close();
    await agent.close();
    await sink.close();
  });
  const store = () => {
    const opened = openStore();
    stores.push(opened);
    return opened;
  };

  it('sends a message to every device once, records each outcome and finishes it', async () => {
    const db = store();
    const id = await seedMessage(db, sink.origin, 300);
    const worker = fanout(db, { pageSize: 64 });
    expect(await worker.resumeUnfinished()).toEqual([id]);
    await worker.whenIdle();
    expect(await db.messages.byId(id)).toMatchObject({
      status: 'done',
      total: 300,
      delivered: 300,
      failed: 0,
    });
    const paths = sink.received.map((push) => push.path);
    expect(new Set(paths).size).toBe(300);
    expect(paths).toHaveLength(300);
  });

  it('takes over deliveries whose claimer stopped answering once their lease runs out', async () => {
    const db = store();
    const id = await seedMessage(db, sink.origin, 40);
    // A claimer that dies right after claiming: it holds 25 deliveries and never writes an outcome.
    const dead = await db.deliveries.claim({
      messageId: id,
      encoding: 'aes128gcm',
      limit: 25,
      instanceId: 'dead',
      leaseMs: 300,
    });
    expect(dead).toHaveLength(25);
    const worker = fanout(db, { leaseMs: 300, watchMs: 100 });
    await worker.resumeUnfinished();
    await worker.whenIdle();
    expect((await db.messages.byId(id))?.delivered).toBe(15); // the rest were held
    const deadline = Date.now() + 5000;
    while ((await db.messages.byId(id))?.status !== 'done' && Date.now() < deadline) await sleep(50);
    expect(await db.messages.byId(id)).toMatchObject({ status: 'done', delivered: 40 });
    expect(new Set(sink.received.map((push) => push.path)).size).toBe(40);
    expect(sink.received).toHaveLength(40);
  });

  it('renews its leases while a slow push service holds the requests, so no other instance takes them', async () => {
    const gated = await startGatedSink({ answerFirst: 0 });
    try {
      const db = store();
      const id = await seedMessage(db, gated.origin, 5);
      const worker = fanout(db, { concurrency: 5, leaseMs: 300, renewMs: 100, instanceId: 'slow' });
      worker.enqueue(id);
      await sleep(800); // well past the first lease
      expect(gated.heldPaths()).toHaveLength(5);
      const other = { messageId: id, encoding: 'aes128gcm' as const, limit: 10, leaseMs: 300 };
      expect(await db.deliveries.claim({ ...other, instanceId: 'other' })).toEqual([]);
      gated.answerAll();
      await worker.whenIdle();
      expect(await db.messages.byId(id)).toMatchObject({ status: 'done', delivered: 5 });
      expect(gated.received).toHaveLength(5);
    } finally {
      gated.answerAll();
      await gated.close();
    }
  });

  it('stop() finishes the pushes in flight and gives back the claims not sent, for another instance at once', async () => {
    const gated = await startGatedSink({ answerFirst: 3 });
    try {
      const db = store();
      const id = await seedMessage(db, gated.origin, 10);
      const first = fanout(db, { concurrency: 2, pageSize: 10, leaseMs: 60_000, instanceId: 'first' });
      first.enqueue(id);
      const deadline = Date.now() + 5000;
      while (gated.heldPaths().length < 2 && Date.now() < deadline) await sleep(20);
      expect(gated.heldPaths()).toHaveLength(2); // 3 answered, 2 in flight, 5 claimed and waiting
      const stopped = first.stop();
      gated.answerAll();
      await stopped;
      expect((await db.messages.byId(id))?.delivered).toBe(5);

      const second = fanout(db, { leaseMs: 60_000, instanceId: 'second' });
      await second.resumeUnfinished();
      await second.whenIdle();
      expect(await db.messages.byId(id)).toMatchObject({ status: 'done', delivered: 10 });
      expect(gated.received).toHaveLength(10);
      expect(new Set(gated.received).size).toBe(10);
    } finally {
      gated.answerAll();
      await gated.close();
    }
  });
}

describe('leased fan-out on SQLite', () => {
  suite(() => openSqliteStore(':memory:'));
});

describePostgres('leased fan-out on Postgres', () => {
  const database = useMigratedDatabase();
  beforeEach(async () => {
    await database
      .pool(1)
      .query(
        'TRUNCATE deliveries, messages, subscriptions, users, sessions, settings RESTART IDENTITY CASCADE',
      );
  });
  suite(() => openPostgresStore(database.url, { max: 4 }));

  describe('two instances on one database', () => {
    let sink: Awaited<ReturnType<typeof startPushSink>>;
    beforeEach(async () => {
      sink = await startPushSink();
    });
    afterEach(async () => sink.close());

    it('share one message: every device gets it once, every delivery has one outcome, counted once', async () => {
      const one = openPostgresStore(database.url, { max: 4 });
      const two = openPostgresStore(database.url, { max: 4 });
      const agents = [createPushAgent(16), createPushAgent(16)];
      const workers = [one, two].map(
        (store, i) =>
          new Fanout({
            store,
            vapidPrivateKey,
            subject: 'mailto:test@example.com',
            dispatcher: agents[i]!,
            endpointPolicy: { check: async () => null },
            workers: 0,
            pageSize: 32,
            instanceId: `instance-${i + 1}`,
          }),
      );
      try {
        const id = await seedMessage(one, sink.origin, 600);
        workers.forEach((worker) => worker.enqueue(id));
        await Promise.all(workers.map((worker) => worker.whenIdle()));
        expect(await one.messages.byId(id)).toMatchObject({ status: 'done', total: 600, delivered: 600 });
        expect(sink.received).toHaveLength(600);
        expect(new Set(sink.received.map((push) => push.path)).size).toBe(600);
        const pool = database.pool(1);
        const byInstance = await pool.query<{ claimed_by: string; n: string }>(
          `SELECT claimed_by, count(*) AS n FROM deliveries WHERE outcome = 'delivered'
           GROUP BY claimed_by ORDER BY claimed_by`,
        );
        // Both took part (each claimed pages while the other was sending).
        expect(byInstance.rows.map((row) => row.claimed_by)).toEqual(['instance-1', 'instance-2']);
        expect(byInstance.rows.reduce((sum, row) => sum + Number(row.n), 0)).toBe(600);
      } finally {
        for (const worker of workers) await worker.stop();
        for (const agent of agents) await agent.close();
        await one.close();
        await two.close();
      }
    });
  });
});
