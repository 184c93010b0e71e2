import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateVapidKeys, loadVapidKey } from '../../shared/webpush/index.ts';
import { bootServer } from '../boot.ts';
import { deliveries, messages, subscriptions } from '../db/schema.ts';
import {
  ADMIN_TOKEN,
  browserSubscription,
  jsonRequest,
  signIn,
  subscribe,
  testConfig,
} from '../testing/harness.ts';
import { startPushSink } from '../testing/push-sink.ts';
import { Fanout } from './fanout.ts';
import { createDeviceSender, type SendToDevice } from './send-to-device.ts';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('fan-out as a durable job', () => {
  let dir: string;
  let sink: Awaited<ReturnType<typeof startPushSink>>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'webpush-fanout-'));
    sink = await startPushSink();
  });
  afterEach(async () => {
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes an interrupted message after a restart without pushing a delivered device again', async () => {
    const keys = generateVapidKeys();
    const config = testConfig({
      DATABASE_PATH: join(dir, 'webpush.db'),
      ALLOW_HTTP_ENDPOINTS: sink.origin,
      VAPID_PRIVATE_KEY: keys.privateKey,
    });
    const realSend = createDeviceSender({
      vapidPrivateKey: loadVapidKey(keys.privateKey).privateKey,
      subject: config.vapid.subject,
    });

    // First process: two pushes go out and are recorded, the third never comes back (the process "dies").
    let calls = 0;
    let stuck!: () => void;
    const thirdStarted = new Promise<void>((resolve) => (stuck = resolve));
    const dying: SendToDevice = (device, payload, settings) => {
      calls += 1;
      if (calls <= 2) return realSend(device, payload, settings);
      stuck();
      return new Promise(() => {});
    };
    const first = bootServer(config, { send: dying, fanout: { concurrency: 1, batchSize: 1 } });
    const cookie = await signIn(first.app, 'ada');
    for (let i = 1; i <= 5; i++)
      await subscribe(first.app, cookie, browserSubscription(`${sink.origin}/push/${i}`).json);
    const res = await first.app.request(
      '/api/admin/messages',
      jsonRequest('POST', { title: 'Once', body: '', target: { type: 'all' } }, admin),
    );
    const { message } = (await res.json()) as { message: { id: number } };
    await thirdStarted;
    expect(first.db.select().from(messages).get()).toMatchObject({
      status: 'sending',
      delivered: 2,
      total: 5,
    });
    first.sqlite.close(); // no graceful stop: the third push is still "in flight"

    // Second process on the same file picks the job up.
    const second = bootServer(config);
    expect(second.fanout.resumeUnfinished()).toEqual([message.id]);
    await second.fanout.whenIdle();

    expect(second.db.select().from(messages).get()).toMatchObject({
      status: 'done',
      total: 5,
      delivered: 5,
      expired: 0,
      failed: 0,
    });
    const rows = second.db.select().from(deliveries).all();
    expect(rows.map((row) => [row.outcome, row.status, row.attempts])).toEqual(
      Array(5).fill(['delivered', 201, 1]),
    );
    expect([1, 2, 3, 4, 5].map((i) => sink.count(`/push/${i}`))).toEqual([1, 1, 1, 1, 1]);
    expect(second.fanout.resumeUnfinished()).toEqual([]);
    await second.close();
  });

  it('records a device removed after enqueueing as expired without sending to it', async () => {
    const server = bootServer(testConfig({ ALLOW_HTTP_ENDPOINTS: sink.origin }));
    const cookie = await signIn(server.app, 'ada');
    const keep = await subscribe(server.app, cookie, browserSubscription(`${sink.origin}/push/keep`).json);
    const drop = await subscribe(server.app, cookie, browserSubscription(`${sink.origin}/push/drop`).json);
    // A stopped worker takes no jobs, so the message stays queued while the device is removed.
    await server.fanout.stop();
    await server.app.request(
      '/api/admin/messages',
      jsonRequest('POST', { title: 'Hi', body: '', target: { type: 'all' } }, admin),
    );
    const removed = await server.app.request(`/api/subscriptions/${drop}`, {
      method: 'DELETE',
      headers: { cookie },
    });
    expect(removed.status).toBe(204);

    const worker = new Fanout({ db: server.db, send: server.send });
    expect(worker.resumeUnfinished()).toEqual([1]);
    await worker.whenIdle();

    expect(server.db.select().from(messages).get()).toMatchObject({
      status: 'done',
      total: 2,
      delivered: 1,
      expired: 1,
    });
    const rows = server.db.select().from(deliveries).all();
    expect(
      rows.map((row) => [row.subscriptionId, row.outcome, row.status, row.attempts, row.reason]),
    ).toEqual([
      [keep, 'delivered', 201, 1, null],
      [null, 'expired', null, 0, 'the device was removed before the push was sent'],
    ]);
    expect(sink.received.map((push) => push.path)).toEqual(['/push/keep']);
    expect(
      server.db.select().from(subscriptions).where(eq(subscriptions.id, keep)).get()?.lastSuccessAt,
    ).toBeInstanceOf(Date);
    await server.close();
  });

  it('stop() lets pushes in flight finish and records them; the rest stay pending', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    let firstStarted!: () => void;
    const inFlight = new Promise<void>((resolve) => (firstStarted = resolve));
    const slow: SendToDevice = async () => {
      started += 1;
      firstStarted();
      await gate;
      return { outcome: 'delivered', status: 201, reason: null };
    };
    const server = bootServer(testConfig(), { send: slow, fanout: { concurrency: 2 } });
    const cookie = await signIn(server.app, 'ada');
    for (let i = 1; i <= 5; i++)
      await subscribe(server.app, cookie, browserSubscription(`https://push.example.net/${i}`).json);
    await server.app.request(
      '/api/admin/messages',
      jsonRequest('POST', { title: 'Hi', body: '', target: { type: 'all' } }, admin),
    );
    await inFlight;
    const stopped = server.fanout.stop();
    release();
    await stopped;

    expect(started).toBe(2);
    expect(server.db.select().from(messages).get()).toMatchObject({
      status: 'sending',
      delivered: 2,
      total: 5,
    });
    const outcomes = server.db
      .select({ outcome: deliveries.outcome })
      .from(deliveries)
      .all()
      .map((row) => row.outcome);
    expect(outcomes).toEqual(['delivered', 'delivered', 'pending', 'pending', 'pending']);
    await server.close();
  });
});
