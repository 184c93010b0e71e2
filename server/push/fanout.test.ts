import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decrypt, EncryptPool, MAX_PLAINTEXT_BYTES, PADDING_BUCKETS } from '@starter-kit/webpush/node';
import { bootServer } from '../boot.ts';
import { deliveries, messages, subscriptions } from '../db/schema.ts';
import { startGatedSink, type GatedSink } from '../testing/gated-sink.ts';
import {
  admin,
  bootForTest,
  browserSubscription,
  jsonRequest,
  signIn,
  subscribe,
  testConfig,
} from '../testing/harness.ts';
import { startPushSink } from '../testing/push-sink.ts';
import { Fanout } from './fanout.ts';
import { createPushAgent } from './push-agent.ts';

const sendToAll = (title: string) => jsonRequest('POST', { title, body: '', target: { type: 'all' } }, admin);

describe('fan-out as a durable job', () => {
  let sink: GatedSink;
  beforeEach(async () => {
    sink = await startGatedSink();
  });
  afterEach(async () => {
    sink.answerAll();
    await sink.close();
  });

  it('records a device removed after enqueueing as expired without sending to it', async () => {
    const server = bootForTest({ ALLOW_HTTP_ENDPOINTS: sink.origin });
    const cookie = await signIn(server.app, 'ada');
    const keep = await subscribe(server.app, cookie, browserSubscription(`${sink.origin}/push/keep`).json);
    const drop = await subscribe(server.app, cookie, browserSubscription(`${sink.origin}/push/drop`).json);
    // A stopped worker takes no jobs, so the message stays queued while the device is removed.
    await server.fanout.stop();
    await server.app.request('/api/admin/messages', sendToAll('Hi'));
    const removed = await server.app.request(`/api/subscriptions/${drop}`, {
      method: 'DELETE',
      headers: { cookie },
    });
    expect(removed.status).toBe(204);

    const agent = createPushAgent(4);
    const worker = new Fanout({
      store: server.store,
      vapidPrivateKey: server.vapid.privateKey,
      subject: 'mailto:test@example.com',
      dispatcher: agent,
      endpointPolicy: { check: async () => null },
    });
    expect(await worker.resumeUnfinished()).toEqual([1]);
    await worker.whenIdle();
    await agent.close();

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
    expect(sink.received).toEqual(['/push/keep']);
    expect(
      server.db.select().from(subscriptions).where(eq(subscriptions.id, keep)).get()?.lastSuccessAt,
    ).toBeInstanceOf(Date);
    await server.close();
  });

  it('stop() lets pushes in flight finish and records them; the rest stay pending', async () => {
    sink.holdAll();
    const server = bootServer(testConfig({ ALLOW_HTTP_ENDPOINTS: sink.origin }), {
      fanout: { concurrency: 2 },
    });
    const cookie = await signIn(server.app, 'ada');
    for (let i = 1; i <= 5; i++)
      await subscribe(server.app, cookie, browserSubscription(`${sink.origin}/push/${i}`).json);
    await server.app.request('/api/admin/messages', sendToAll('Hi'));
    while (sink.heldPaths().length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    const stopped = server.fanout.stop();
    sink.answerAll();
    await stopped;

    expect(sink.received).toEqual(['/push/1', '/push/2']);
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

describe('fan-out to devices of both content encodings', () => {
  it('sends aes128gcm and aesgcm devices each in their own encoding, readable by each device', async () => {
    const sink = await startPushSink();
    const server = bootForTest({ ALLOW_HTTP_ENDPOINTS: sink.origin });
    const cookie = await signIn(server.app, 'ada');
    const modern = browserSubscription(`${sink.origin}/push/modern`);
    const legacy = browserSubscription(`${sink.origin}/push/legacy`);
    await subscribe(server.app, cookie, modern.json);
    await subscribe(server.app, cookie, { ...legacy.json, contentEncodings: ['aesgcm'] });
    await server.app.request('/api/admin/messages', sendToAll('Both'));
    await server.fanout.whenIdle();

    expect(server.db.select().from(messages).get()).toMatchObject({ status: 'done', total: 2, delivered: 2 });
    const modernPush = sink.received.find((push) => push.path === '/push/modern')!;
    const legacyPush = sink.received.find((push) => push.path === '/push/legacy')!;
    expect([modernPush.headers['content-encoding'], legacyPush.headers['content-encoding']]).toEqual([
      'aes128gcm',
      'aesgcm',
    ]);
    const text = (buffer: Buffer) =>
      JSON.parse(buffer.toString('utf8')) as { notification: { title: string } };
    expect(text(decrypt(modernPush.body, modern.receiver)).notification.title).toBe('Both');
    const legacyHeaders = {
      encryption: legacyPush.headers.encryption as string,
      cryptoKey: legacyPush.headers['crypto-key'] as string,
    };
    expect(text(decrypt(legacyPush.body, legacy.receiver, 'aesgcm', legacyHeaders)).notification.title).toBe(
      'Both',
    );
    // Padded to a size bucket (the library's PADDING_BUCKETS, then the most the encoding carries): body =
    // bucket + 103 bytes of aes128gcm overhead, bucket + 18 for aesgcm.
    const buckets = [...PADDING_BUCKETS, MAX_PLAINTEXT_BYTES.aes128gcm];
    expect(buckets.map((size) => size + 103)).toContain(modernPush.body.length);
    expect([...PADDING_BUCKETS, MAX_PLAINTEXT_BYTES.aesgcm].map((size) => size + 18)).toContain(
      legacyPush.body.length,
    );
    await server.close();
    await sink.close();
  });
});

describe('fan-out encryption threads', () => {
  it('keeps one warm pool across messages, whose bodies devices can read, and closes it on stop', async () => {
    const encrypt = vi.spyOn(EncryptPool.prototype, 'encrypt');
    const ready = vi.spyOn(EncryptPool.prototype, 'ready', 'get');
    const close = vi.spyOn(EncryptPool.prototype, 'close');
    const sink = await startPushSink();
    // Receipts off: one payload for every device, which the threads encrypt.
    const server = bootServer(testConfig({ ALLOW_HTTP_ENDPOINTS: sink.origin, RECEIPTS: 'off' }), {
      fanout: { workers: 1 },
    });
    try {
      const cookie = await signIn(server.app, 'ada');
      const devices = Array.from({ length: 20 }, (_, i) => browserSubscription(`${sink.origin}/push/${i}`));
      for (const device of devices) await subscribe(server.app, cookie, device.json);
      for (const title of ['One', 'Two', 'Three']) {
        await server.app.request('/api/admin/messages', sendToAll(title));
        await server.fanout.whenIdle();
        // The first message is encrypted inline while the thread starts; the next ones find it warm.
        const pool = ready.mock.contexts[0] as EncryptPool;
        while (!pool.ready) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(
        server.db
          .select()
          .from(messages)
          .all()
          .map((m) => [m.status, m.delivered]),
      ).toEqual([
        ['done', 20],
        ['done', 20],
        ['done', 20],
      ]);
      expect(encrypt).toHaveBeenCalled();
      expect(new Set([...encrypt.mock.contexts, ...ready.mock.contexts]).size).toBe(1);
      const last = sink.received.filter((push) => push.path === '/push/7').at(-1)!;
      const text = JSON.parse(decrypt(last.body, devices[7]!.receiver).toString()) as {
        notification: { title: string };
      };
      expect(text.notification.title).toBe('Three');
      expect(close).not.toHaveBeenCalled();
      await server.fanout.stop();
      expect(close).toHaveBeenCalledTimes(1);
      expect(close.mock.contexts[0]).toBe(encrypt.mock.contexts[0]);
    } finally {
      await server.close();
      await sink.close();
      vi.restoreAllMocks();
    }
  });

  it('encrypts a receipt token per device on the threads, each device reading its own delivery', async () => {
    const encrypt = vi.spyOn(EncryptPool.prototype, 'encrypt');
    const ready = vi.spyOn(EncryptPool.prototype, 'ready', 'get');
    const sink = await startPushSink();
    const server = bootServer(testConfig({ ALLOW_HTTP_ENDPOINTS: sink.origin }), { fanout: { workers: 1 } });
    try {
      const cookie = await signIn(server.app, 'ada');
      const devices = Array.from({ length: 20 }, (_, i) => browserSubscription(`${sink.origin}/push/${i}`));
      for (const device of devices) await subscribe(server.app, cookie, device.json);
      let warmCalls = 0;
      for (const title of ['Warm-up', 'Tokens']) {
        warmCalls = encrypt.mock.calls.length;
        await server.app.request('/api/admin/messages', sendToAll(title));
        await server.fanout.whenIdle();
        const pool = ready.mock.contexts[0] as EncryptPool | undefined;
        while (pool && !pool.ready) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // The second message found the thread warm: its per-device bytes went through it.
      expect(encrypt.mock.calls.length).toBeGreaterThan(warmCalls);
      const last = server.db.select().from(messages).all().at(-1)!;
      expect([last.status, last.delivered]).toEqual(['done', 20]);
      const rows = server.db.select().from(deliveries).where(eq(deliveries.messageId, last.id)).all();
      const tokens = devices.map((device, i) => {
        const push = sink.received.filter((received) => received.path === `/push/${i}`).at(-1)!;
        const json = JSON.parse(decrypt(push.body, device.receiver).toString()) as {
          notification: { title: string; data: { receipt: string } };
        };
        expect(json.notification.title).toBe('Tokens');
        const subscriptionId = server.db
          .select()
          .from(subscriptions)
          .where(eq(subscriptions.endpoint, device.json.endpoint))
          .get()!.id;
        const delivery = rows.find((row) => row.subscriptionId === subscriptionId)!;
        expect(json.notification.data.receipt.split('.')[0]).toBe(String(delivery.id));
        return json.notification.data.receipt;
      });
      expect(new Set(tokens).size).toBe(20);
    } finally {
      await server.close();
      await sink.close();
      vi.restoreAllMocks();
    }
  });
});
