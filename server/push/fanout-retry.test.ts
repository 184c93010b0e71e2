import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, messages } from '../db/schema.ts';
import {
  ADMIN_TOKEN,
  bootForTest,
  browserSubscription,
  jsonRequest,
  signIn,
  subscribe,
} from '../testing/harness.ts';
import { startPushSink, type SinkReply } from '../testing/push-sink.ts';

const autopushError = (code: number, message: string): SinkReply => ({
  status: code,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ code, errno: 999, error: 'scripted', message }),
});

/** Each path answers its script in order, then 201 (RFC 8030: 201 Created with a Location). */
const scripts: Record<string, SinkReply[]> = {
  '/push/throttled': [{ ...autopushError(429, 'Too many messages'), headers: { 'retry-after': '1' } }],
  '/push/bad': [autopushError(400, 'Invalid TTL header')],
  '/push/unavailable': [autopushError(503, 'Service unavailable')],
};

describe('fan-out retries through the server, against a real local push endpoint', () => {
  let sink: Awaited<ReturnType<typeof startPushSink>>;
  let server: ReturnType<typeof bootForTest>;
  beforeAll(async () => {
    sink = await startPushSink(
      (path) => scripts[path]?.shift() ?? { status: 201, headers: { location: `${path}/m` } },
    );
    server = bootForTest({ ALLOW_HTTP_ENDPOINTS: sink.origin });
  });
  afterAll(async () => {
    await server.close();
    await sink.close();
  });

  it('429 + Retry-After then 201 is delivered in 2 attempts; 503 then 201 too; 400 fails after 1', async () => {
    const cookie = await signIn(server.app, 'ada');
    const ids: Record<string, number> = {};
    for (const name of ['throttled', 'bad', 'unavailable'])
      ids[name] = await subscribe(
        server.app,
        cookie,
        browserSubscription(`${sink.origin}/push/${name}`).json,
      );

    const res = await server.app.request(
      '/api/admin/messages',
      jsonRequest(
        'POST',
        { title: 'Retry', body: '', target: { type: 'all' } },
        { authorization: `Bearer ${ADMIN_TOKEN}` },
      ),
    );
    expect(res.status).toBe(202);
    await server.fanout.whenIdle();

    const rows = server.db.select().from(deliveries).all();
    const bySubscription = (id: number) => rows.find((row) => row.subscriptionId === id);
    expect(bySubscription(ids.throttled!)).toMatchObject({
      outcome: 'delivered',
      status: 201,
      attempts: 2,
      reason: null,
    });
    expect(bySubscription(ids.unavailable!)).toMatchObject({
      outcome: 'delivered',
      status: 201,
      attempts: 2,
      reason: null,
    });
    expect(bySubscription(ids.bad!)).toMatchObject({
      outcome: 'failed',
      status: 400,
      attempts: 1,
      reason: 'Invalid TTL header',
    });
    expect([sink.count('/push/throttled'), sink.count('/push/unavailable'), sink.count('/push/bad')]).toEqual(
      [2, 2, 1],
    );
    expect(server.db.select().from(messages).get()).toMatchObject({
      status: 'done',
      total: 3,
      delivered: 2,
      expired: 0,
      failed: 1,
    });
  });
});
