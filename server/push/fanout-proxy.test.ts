// The booted server's pushes (fan-out and test push) through an egress proxy named by the environment: a real
// CONNECT proxy that counts its tunnels, a real push sink, the real boot with its one push pool.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootServer } from '../boot.ts';
import { deliveries, messages } from '../db/schema.ts';
import { startConnectProxy } from '../testing/connect-proxy.ts';
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

const sendToAll = jsonRequest('POST', { title: 'Hi', body: '', target: { type: 'all' } }, admin);
const DEVICES = 20;
const CONNECTIONS = 4;

describe("the server's pushes and HTTPS_PROXY / HTTP_PROXY / NO_PROXY", () => {
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
  let sink: Awaited<ReturnType<typeof startPushSink>>;
  let server: ReturnType<typeof bootServer> | undefined;
  const savedHttpProxy = process.env.HTTP_PROXY;
  beforeEach(async () => {
    proxy = await startConnectProxy();
    sink = await startPushSink();
  });
  afterEach(async () => {
    if (savedHttpProxy === undefined) delete process.env.HTTP_PROXY;
    else process.env.HTTP_PROXY = savedHttpProxy;
    await server?.close();
    server = undefined;
    await proxy.close();
    await sink.close();
  });

  /** Boots on ':memory:' with the sink's http: origin allowed, a pool of CONNECTIONS per origin. */
  function boot(env: Record<string, string>) {
    const config = testConfig({ ALLOW_HTTP_ENDPOINTS: sink.origin, ...env });
    server = bootServer(config, { fanout: { concurrency: CONNECTIONS } });
    return server;
  }

  async function sendMessage(booted: ReturnType<typeof bootServer>) {
    expect((await booted.app.request('/api/admin/messages', sendToAll)).status).toBe(202);
    await booted.fanout.whenIdle();
  }

  it('with HTTP_PROXY, fan-outs and the test push go through the proxy over reused tunnels', async () => {
    const booted = boot({ HTTP_PROXY: proxy.url });
    seedSubscriptions(booted.db, sink.origin, DEVICES);
    const target = `127.0.0.1:${new URL(sink.origin).port}`;

    await sendMessage(booted);
    expect(sink.received).toHaveLength(DEVICES);
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    expect(proxy.tunnels.length).toBeLessThanOrEqual(CONNECTIONS);
    const afterFirst = proxy.tunnels.length;

    // The next fan-out and a test push ride the tunnels the pool kept alive.
    await sendMessage(booted);
    const cookie = await signIn(booted.app, 'ada');
    await subscribe(booted.app, cookie, browserSubscription(`${sink.origin}/ada`).json);
    const test = await booted.app.request('/api/subscriptions/test', { method: 'POST', headers: { cookie } });
    expect(((await test.json()) as { results: object[] }).results).toMatchObject([
      { outcome: 'accepted', status: 201 },
    ]);

    expect(sink.received).toHaveLength(2 * DEVICES + 1);
    expect(proxy.tunnels).toHaveLength(afterFirst);
    expect(new Set(proxy.tunnels)).toEqual(new Set([target]));
    expect(
      booted.db
        .select()
        .from(messages)
        .all()
        .map((row) => [row.status, row.delivered]),
    ).toEqual([
      ['done', DEVICES],
      ['done', DEVICES],
    ]);
  });

  it('with NO_PROXY naming the push service host, pushes go direct', async () => {
    const booted = boot({ HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' });
    seedSubscriptions(booted.db, sink.origin, DEVICES);
    await sendMessage(booted);
    expect(sink.received).toHaveLength(DEVICES);
    expect(proxy.tunnels).toEqual([]);
  });

  it('without a proxy in its configuration, pushes go direct (whatever process.env says)', async () => {
    process.env.HTTP_PROXY = proxy.url; // the config passed to boot is what counts
    const booted = boot({});
    seedSubscriptions(booted.db, sink.origin, DEVICES);
    await sendMessage(booted);
    expect(sink.received).toHaveLength(DEVICES);
    expect(proxy.tunnels).toEqual([]);
  });

  describe('in production, through a proxy the guarded lookup would refuse by name', () => {
    let listener: Awaited<ReturnType<typeof countingListener>>;
    beforeEach(async () => {
      listener = await countingListener();
    });
    afterEach(async () => {
      await listener.close();
    });

    it('reaches the proxy, yet refuses loopback endpoints before any request', async () => {
      // 'localhost' resolves to 127.0.0.1: as a push service name the guarded lookup refuses it.
      const booted = boot({ NODE_ENV: 'production', HTTP_PROXY: `http://localhost:${proxy.port}` });
      const allowed = seedSubscriptions(booted.db, sink.origin, 2);
      const byAddress = storeEndpoint(booted.db, `https://127.0.0.1:${listener.port}/push/x`);
      const byName = storeEndpoint(booted.db, `https://localhost:${listener.port}/push/y`);
      await sendMessage(booted);

      const reason = (origin: string, why: string) =>
        `endpoint https://${origin}:${listener.port} ${why}; set ALLOW_PRIVATE_ENDPOINTS=1 to allow it in development`;
      const rows = booted.db.select().from(deliveries).all();
      expect(rows.map((row) => [row.subscriptionId, row.outcome, row.status, row.reason])).toEqual([
        [allowed[0], 'delivered', 201, null],
        [allowed[1], 'delivered', 201, null],
        [byAddress, 'failed', null, reason('127.0.0.1', 'resolves to a loopback address (127.0.0.1)')],
        [byName, 'failed', null, reason('localhost', 'resolves to a loopback address (localhost)')],
      ]);
      expect(sink.received.map((push) => push.path).sort()).toEqual(['/push/1', '/push/2']);
      expect(new Set(proxy.tunnels)).toEqual(new Set([`127.0.0.1:${new URL(sink.origin).port}`]));
      expect(listener.connections()).toBe(0);
    });
  });
});
