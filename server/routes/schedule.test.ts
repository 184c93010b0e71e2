import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPIRED_BEFORE_REACHED } from '../db/expiry-store.ts';
import { deliveries, messages } from '../db/schema.ts';
import { enqueueMessage } from '../push/enqueue-message.ts';
import {
  admin,
  bootForTest,
  browserSubscription,
  jsonRequest,
  signIn,
  subscribe,
} from '../testing/harness.ts';
import { startPushSink } from '../testing/push-sink.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduled and expiring messages', () => {
  let sink: Awaited<ReturnType<typeof startPushSink>>;
  let server: ReturnType<typeof bootForTest>;
  beforeEach(async () => {
    sink = await startPushSink();
    server = bootForTest({ ALLOW_HTTP_ENDPOINTS: sink.origin });
    const cookie = await signIn(server.app, 'ada');
    await subscribe(server.app, cookie, browserSubscription(`${sink.origin}/push/a`).json);
    await subscribe(server.app, cookie, browserSubscription(`${sink.origin}/push/b`).json);
  });
  afterEach(async () => {
    await server.close();
    await sink.close();
  });

  const post = (body: Record<string, unknown>) =>
    server.app.request(
      '/api/admin/messages',
      jsonRequest('POST', { title: 'Hi', body: 'there', target: { type: 'all' }, ...body }, admin),
    );
  const action = (id: number, what: 'cancel' | 'send-now') =>
    server.app.request(`/api/admin/messages/${id}/${what}`, { method: 'POST', headers: admin });
  const error = async (res: Response) => ((await res.json()) as { error: object }).error;

  it('refuses a send time in the past, or without an offset, naming the field and the rule', async () => {
    const past = await post({ sendAt: '2020-01-01T09:00:00+01:00' });
    expect(past.status).toBe(400);
    expect(await error(past)).toEqual({
      status: 400,
      code: 'validation_failed',
      field: 'sendAt',
      message: expect.stringMatching(
        /^sendAt 2020-01-01T08:00:00\.000Z is in the past \(the server's time is \d{4}-\d\d-\d\dT[\d:.]+Z\): choose a later time, or leave sendAt out to send now$/,
      ),
    });
    const local = await post({ sendAt: '2030-01-01T09:00:00' });
    expect(await error(local)).toMatchObject({
      field: 'sendAt',
      message:
        'sendAt must be an ISO 8601 date and time with a UTC offset, like 2026-12-01T09:00:00+01:00 or 2026-12-01T08:00:00Z',
    });
    expect(server.db.select().from(messages).all()).toHaveLength(0);
  });

  it('waits as scheduled without deliveries; cancel calls it off once, and it never goes', async () => {
    const later = new Date(Math.ceil(Date.now() / 1000) * 1000 + 30 * 86_400_000);
    const res = await post({ sendAt: later.toISOString().replace('.000Z', '+00:00') });
    expect(res.status).toBe(202);
    const { message } = (await res.json()) as { message: { id: number } };
    expect(message).toMatchObject({ status: 'scheduled', sendAt: later.toISOString(), total: 0 });
    expect((await action(message.id, 'cancel')).status).toBe(200);
    const again = await action(message.id, 'cancel');
    expect(again.status).toBe(409);
    expect(await error(again)).toEqual({
      status: 409,
      code: 'conflict',
      message: `message ${message.id} is not scheduled (its status is cancelled)`,
    });
    expect((await action(message.id, 'send-now')).status).toBe(409);
    expect((await action(9999, 'send-now')).status).toBe(404);
    await server.fanout.whenIdle();
    expect(sink.received).toHaveLength(0);
    expect(server.db.select().from(deliveries).all()).toHaveLength(0);
  });

  it('sends now on request, once', async () => {
    const { message } = (await (
      await post({ sendAt: new Date(Date.now() + 86_400_000).toISOString() })
    ).json()) as {
      message: { id: number };
    };
    const now = await action(message.id, 'send-now');
    expect(now.status).toBe(202);
    expect(((await now.json()) as { message: object }).message).toMatchObject({ status: 'queued', total: 2 });
    expect((await action(message.id, 'send-now')).status).toBe(409);
    await server.fanout.whenIdle();
    expect(sink.received.map((push) => push.path).sort()).toEqual(['/push/a', '/push/b']);
  });

  it('goes out at its time, not before', async () => {
    const sendAt = Date.now() + 400;
    const res = await post({ sendAt: new Date(sendAt).toISOString() });
    const { message } = (await res.json()) as { message: { id: number } };
    await sleep(200);
    expect(sink.received).toHaveLength(0);
    for (let waited = 0; sink.received.length < 2 && waited < 5000; waited += 50) await sleep(50);
    expect(sink.received).toHaveLength(2);
    const row = server.db.select().from(messages).where(eq(messages.id, message.id)).get()!;
    expect(row.startedAt!.getTime()).toBeGreaterThanOrEqual(sendAt);
  });

  it('cuts the TTL to what is left before the expiry', async () => {
    const expiresAt = new Date(Date.now() + 100_000).toISOString();
    expect((await post({ ttl: 3600, expiresAt })).status).toBe(202);
    await server.fanout.whenIdle();
    const ttls = sink.received.map((push) => Number(push.headers.ttl));
    expect(ttls).toHaveLength(2);
    for (const ttl of ttls) {
      expect(ttl).toBeLessThanOrEqual(100);
      expect(ttl).toBeGreaterThanOrEqual(95);
    }
  });

  it('marks the devices not reached before the expiry expired, and sends them nothing', async () => {
    await server.fanout.stop(); // the message waits, as it would for a server that was down
    const message = await enqueueMessage(
      server.store,
      { title: 'Late', body: '', target: { type: 'all' } },
      'https://app.example',
      new Date(Date.now() + 50),
    );
    await sleep(100);
    const { Fanout } = await import('../push/fanout.ts');
    const { createPushAgent } = await import('../push/push-agent.ts');
    const agent = createPushAgent(4);
    const worker = new Fanout({
      store: server.store,
      vapidPrivateKey: server.vapid.privateKey,
      subject: 'mailto:test@example.com',
      dispatcher: agent,
      endpointPolicy: { check: async () => null },
    });
    expect(await worker.resumeUnfinished()).toEqual([message.id]);
    await worker.whenIdle();
    await agent.close();
    expect(sink.received).toHaveLength(0);
    expect(server.db.select().from(messages).where(eq(messages.id, message.id)).get()).toMatchObject({
      status: 'done',
      delivered: 0,
      expired: 2,
    });
    const rows = server.db.select().from(deliveries).where(eq(deliveries.messageId, message.id)).all();
    expect(rows.map(({ outcome, reason }) => ({ outcome, reason }))).toEqual([
      { outcome: 'expired', reason: EXPIRED_BEFORE_REACHED },
      { outcome: 'expired', reason: EXPIRED_BEFORE_REACHED },
    ]);
  });
});
