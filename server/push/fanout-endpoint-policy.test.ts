import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootServer } from '../boot.ts';
import { deliveries, messages } from '../db/schema.ts';
import { createEndpointPolicy } from '../security/endpoint-policy.ts';
import {
  admin,
  browserSubscription,
  jsonRequest,
  signIn,
  subscribe,
  testConfig,
} from '../testing/harness.ts';
import { startPushSink } from '../testing/push-sink.ts';
import { countingListener } from '../testing/counting-listener.ts';
import { seedSubscriptions, storeEndpoint } from '../testing/seed.ts';
import { Fanout } from './fanout.ts';
import { createPushAgent } from './push-agent.ts';

const sendToAll = jsonRequest('POST', { title: 'Hi', body: '', target: { type: 'all' } }, admin);

describe('the fan-out re-checks the endpoint policy before sending (production mode)', () => {
  let listener: Awaited<ReturnType<typeof countingListener>>;
  let sink: Awaited<ReturnType<typeof startPushSink>>;
  beforeEach(async () => {
    listener = await countingListener();
    sink = await startPushSink();
  });
  afterEach(async () => {
    await listener.close();
    await sink.close();
  });

  it('records rows pointing at loopback as failed with the policy reason and never connects to them', async () => {
    const server = bootServer(testConfig({ NODE_ENV: 'production', ALLOW_HTTP_ENDPOINTS: sink.origin }));
    try {
      const cookie = await signIn(server.app, 'ada');
      const allowed = await subscribe(server.app, cookie, browserSubscription(`${sink.origin}/ok`).json);
      // Written straight into the database, as after a policy change or a restored backup.
      const loopback = seedSubscriptions(server.db, `https://127.0.0.1:${listener.port}`, 2);
      const plainHttp = storeEndpoint(server.db, `http://127.0.0.1:${listener.port}/push/http`);
      expect((await server.app.request('/api/admin/messages', sendToAll)).status).toBe(202);
      await server.fanout.whenIdle();

      const origin = `127.0.0.1:${listener.port}`;
      const loopbackReason = `endpoint https://${origin} resolves to a loopback address (127.0.0.1); set ALLOW_PRIVATE_ENDPOINTS=1 to allow it in development`;
      const httpReason = `endpoint http://${origin} must use https; plain http is allowed only for origins listed in ALLOW_HTTP_ENDPOINTS (e.g. ALLOW_HTTP_ENDPOINTS=http://${origin} for a local push service)`;
      const rows = server.db.select().from(deliveries).all();
      expect(
        rows.map((row) => [row.subscriptionId, row.outcome, row.status, row.reason, row.attempts]),
      ).toEqual([
        [allowed, 'delivered', 201, null, 1],
        [loopback[0], 'failed', null, loopbackReason, 0],
        [loopback[1], 'failed', null, loopbackReason, 0],
        [plainHttp, 'failed', null, httpReason, 0],
      ]);
      expect(server.db.select().from(messages).get()).toMatchObject({
        status: 'done',
        total: 4,
        delivered: 1,
        failed: 3,
      });
      expect(sink.received.map((push) => push.path)).toEqual(['/ok']);
      expect(listener.connections()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('asks the policy once per distinct origin of a message, not once per push', async () => {
    const config = testConfig({ NODE_ENV: 'production', ALLOW_HTTP_ENDPOINTS: sink.origin });
    const server = bootServer(config);
    const agent = createPushAgent(4);
    try {
      seedSubscriptions(server.db, sink.origin, 30);
      await server.fanout.stop(); // the booted worker takes no jobs: ours sends
      expect((await server.app.request('/api/admin/messages', sendToAll)).status).toBe(202);

      const policy = createEndpointPolicy({
        allowHttpOrigins: [sink.origin],
        ...config.security,
      });
      const asked: string[] = [];
      const worker = new Fanout({
        store: server.store,
        vapidPrivateKey: server.vapid.privateKey,
        subject: 'mailto:test@example.com',
        dispatcher: agent,
        pageSize: 8,
        endpointPolicy: { check: (endpoint) => (asked.push(endpoint), policy.check(endpoint)) },
      });
      await worker.resumeUnfinished();
      await worker.whenIdle();
      expect(asked).toEqual([`${sink.origin}/push/1`]);
      expect(server.db.select().from(messages).get()).toMatchObject({ status: 'done', delivered: 30 });
      expect(sink.received).toHaveLength(30);
    } finally {
      await agent.close();
      await server.close();
    }
  });
});
