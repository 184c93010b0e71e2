// The server's push pool, direct and through an egress proxy: a real CONNECT proxy and a real HTTP sink on
// 127.0.0.1, undici's own request() through the pool.
import { afterEach, describe, expect, it } from 'vitest';
import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import { guardedLookup } from '../security/guarded-lookup.ts';
import { startConnectProxy } from '../testing/connect-proxy.ts';
import { startPushSink } from '../testing/push-sink.ts';
import { createPushAgent } from './push-agent.ts';
import type { PushProxyConfig } from './push-proxy.ts';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];
const savedEnv = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
const closers: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const name of PROXY_VARIABLES) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function setUp() {
  const proxy = await startConnectProxy();
  const sink = await startPushSink();
  closers.push(proxy.close, sink.close);
  return { proxy, sink, port: new URL(sink.origin).port };
}

function pool(proxy: PushProxyConfig | null, lookup?: Parameters<typeof createPushAgent>[1]) {
  const agent = createPushAgent(2, lookup, proxy);
  closers.push(() => agent.close());
  return agent;
}

async function post(url: string, dispatcher: Dispatcher): Promise<number> {
  const { statusCode, body } = await request(url, { method: 'POST', body: 'x', dispatcher });
  await body.dump();
  return statusCode;
}

/** Refuses names that resolve to loopback or private addresses, as in production. */
const productionLookup = () => guardedLookup({ allowPrivateEndpoints: false, allowHttpOrigins: [] });

describe('createPushAgent', () => {
  it('without a proxy is a plain Agent: pushes go direct', async () => {
    const { proxy, sink } = await setUp();
    const agent = pool(null);
    expect(agent).toBeInstanceOf(Agent);
    expect(await post(`${sink.origin}/direct`, agent)).toBe(201);
    expect(sink.received.map((push) => push.path)).toEqual(['/direct']);
    expect(proxy.tunnels).toEqual([]);
  });

  it('with a proxy tunnels every push through it and reuses the tunnel', async () => {
    const { proxy, sink, port } = await setUp();
    const agent = pool({ httpsProxy: undefined, httpProxy: proxy.url, noProxy: '' });
    expect(agent).toBeInstanceOf(EnvHttpProxyAgent);
    for (let i = 0; i < 5; i++) expect(await post(`${sink.origin}/p/${i}`, agent)).toBe(201);
    expect(sink.received).toHaveLength(5);
    // Kept-alive tunnels carry the pushes: at most one per connection of the pool (2), never one per push.
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    expect(proxy.tunnels.length).toBeLessThanOrEqual(2);
    expect(new Set(proxy.tunnels)).toEqual(new Set([`127.0.0.1:${port}`]));
  });

  it('sends hosts in NO_PROXY direct', async () => {
    const { proxy, sink } = await setUp();
    const agent = pool({ httpsProxy: undefined, httpProxy: proxy.url, noProxy: 'push.example, 127.0.0.1' });
    expect(await post(`${sink.origin}/bypass`, agent)).toBe(201);
    expect(sink.received).toHaveLength(1);
    expect(proxy.tunnels).toEqual([]);
  });

  it('HTTPS_PROXY alone leaves http: endpoints direct (undici: http: uses HTTP_PROXY only)', async () => {
    const { proxy, sink } = await setUp();
    const agent = pool({ httpsProxy: proxy.url, httpProxy: undefined, noProxy: '' });
    expect(await post(`${sink.origin}/plain`, agent)).toBe(201);
    expect(proxy.tunnels).toEqual([]);
  });

  it('reads the proxy from its argument only, never from process.env', async () => {
    const { proxy, sink } = await setUp();
    process.env.HTTP_PROXY = proxy.url;
    process.env.http_proxy = proxy.url;
    process.env.NO_PROXY = '127.0.0.1';
    process.env.no_proxy = '127.0.0.1';
    expect(await post(`${sink.origin}/a`, pool(null))).toBe(201);
    expect(proxy.tunnels).toEqual([]);
    const other = await startConnectProxy();
    closers.push(other.close);
    expect(await post(`${sink.origin}/b`, pool({ httpsProxy: '', httpProxy: other.url, noProxy: '' }))).toBe(
      201,
    );
    expect(proxy.tunnels).toEqual([]);
    expect(other.tunnels).toHaveLength(1);
  });

  it('the guarded lookup does not stand between the pool and the proxy, wherever the proxy is', async () => {
    const { proxy, sink, port } = await setUp();
    // 'localhost' resolves to 127.0.0.1, which the guard refuses for a push service name.
    const viaName = `http://localhost:${proxy.port}`;
    const agent = pool({ httpsProxy: undefined, httpProxy: viaName, noProxy: '' }, productionLookup());
    expect(await post(`${sink.origin}/through`, agent)).toBe(201);
    expect(proxy.tunnels).toEqual([`127.0.0.1:${port}`]);
  });

  it('keeps the guarded lookup for the hosts in NO_PROXY, which it reaches itself', async () => {
    const { proxy, sink, port } = await setUp();
    const agent = pool(
      { httpsProxy: undefined, httpProxy: proxy.url, noProxy: 'localhost' },
      productionLookup(),
    );
    await expect(post(`http://localhost:${port}/bypass`, agent)).rejects.toMatchObject({
      code: 'ENOTALLOWED',
      message: `refusing to connect to localhost: it resolves to a loopback address (127.0.0.1); set ALLOW_PRIVATE_ENDPOINTS=1 to allow it in development`,
    });
    expect(sink.received).toEqual([]);
    expect(proxy.tunnels).toEqual([]);
  });
});
