// The fetch transport (Bun, Deno and Workers use it; a Node caller can pass `fetch`) against a real HTTP server
// on 127.0.0.1, through the Node entry's sendPushRequest and sendMany, and the choice between transports.
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { decrypt } from './encrypt.ts';
import { EncryptPool } from './encrypt-pool.ts';
import { WebPushError, WebPushValidationError } from './errors.ts';
import { generateVapidKeys } from './keys.ts';
import { buildPushRequest } from './request.ts';
import { sendPushRequest } from './send.ts';
import { sendMany } from './send-many.ts';
import { makeSubscription, startPushSink, type ReceivedPush } from './test-helpers.ts';
import { dispatcherTransport } from './transport-dispatcher.ts';
import type { Transport } from './transport.ts';

const vapid = {
  vapidPrivateKey: generateVapidKeys().privateKeyPem,
  vapidClaims: { sub: 'mailto:fetch@example.com' },
};
let sink: Awaited<ReturnType<typeof startPushSink>> | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

const fetchOnly = { fetch: globalThis.fetch as never };

describe('fetch transport', () => {
  it('sends the method, headers and encrypted body, and returns the reply', async () => {
    sink = await startPushSink((_push, res) => res.writeHead(201, { location: '/m/1' }).end('ok'));
    const { subscription, receiver } = makeSubscription(`${sink.origin}/push/a?x=1`);
    const push = buildPushRequest(subscription, 'over fetch', { ...vapid, ttl: 60, urgency: 'high' });
    const reply = await sendPushRequest(push, fetchOnly);
    expect(reply).toMatchObject({ status: 201, body: 'ok' });
    expect(reply.headers.location).toBe('/m/1');
    const got = sink.received[0] as ReceivedPush;
    expect([got.method, got.url, got.headers.ttl, got.headers.urgency]).toEqual([
      'POST',
      '/push/a?x=1',
      '60',
      'high',
    ]);
    expect(got.headers['content-length']).toBe(String(push.body!.length));
    expect(decrypt(got.body, receiver).toString()).toBe('over fetch');
  });

  it('a push without data carries Content-Length: 0 (FCM answers 411 without it)', async () => {
    sink = await startPushSink((_push, res) => res.writeHead(201).end());
    const { subscription } = makeSubscription(`${sink.origin}/push/empty`);
    await sendPushRequest(buildPushRequest(subscription, null, vapid), fetchOnly);
    expect(sink.received[0]!.headers['content-length']).toBe('0');
    expect(sink.received[0]!.body.length).toBe(0);
  });

  it('reports a redirect instead of following it, and a refusal as WebPushError with the body', async () => {
    sink = await startPushSink((push, res) =>
      push.url === '/moved'
        ? res.writeHead(301, { location: '/elsewhere' }).end()
        : res.writeHead(410).end('{"code":410,"errno":106,"message":"gone for good"}'),
    );
    const { subscription } = makeSubscription(`${sink.origin}/moved`);
    const moved = await sendPushRequest(buildPushRequest(subscription, 'x', vapid), fetchOnly).catch(
      (e) => e,
    );
    expect(moved).toBeInstanceOf(WebPushError);
    expect((moved as WebPushError).status).toBe(301);
    expect(sink.received.map((p) => p.url)).toEqual(['/moved']);
    const gone = await sendPushRequest(
      buildPushRequest({ ...subscription, endpoint: `${sink.origin}/gone` }, 'x', vapid),
      fetchOnly,
    ).catch((e) => e);
    expect((gone as WebPushError).isGone).toBe(true);
    expect((gone as WebPushError).message).toBe('push service answered 410: gone for good');
  });

  it("gives up at the deadline and at the caller's abort, status 0, saying which", async () => {
    sink = await startPushSink(() => undefined); // never answers
    const { subscription } = makeSubscription(`${sink.origin}/silent`);
    const push = buildPushRequest(subscription, 'x', vapid);
    const late = await sendPushRequest(push, { ...fetchOnly, timeout: 150 }).catch((e) => e);
    expect(late).toBeInstanceOf(WebPushError);
    expect([(late as WebPushError).status, (late as WebPushError).message]).toEqual([
      0,
      'push request failed: no answer within 150 ms',
    ]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 50);
    const aborted = await sendPushRequest(push, { ...fetchOnly, signal: controller.signal }).catch((e) => e);
    expect((aborted as WebPushError).message).toBe('push request failed: aborted by the caller');
  });

  it('sendMany with a fetch and a warm encrypt pool: bodies in shared memory are sent intact', async () => {
    sink = await startPushSink((_push, res) => res.writeHead(201).end());
    const subs = Array.from({ length: 40 }, (_, i) => makeSubscription(`${sink!.origin}/pool/${i}`));
    const pool = new EncryptPool(1);
    try {
      while (!pool.ready) await new Promise((resolve) => setTimeout(resolve, 20));
      const summary = await sendMany(
        subs.map((s) => s.subscription),
        'from the arena',
        { ...vapid, ...fetchOnly, encryptPool: pool, retries: 0 },
      );
      expect(summary).toMatchObject({ total: 40, delivered: 40, failed: 0 });
    } finally {
      await pool.close();
    }
    subs.forEach((s, i) => {
      const got = sink!.received.find((p) => p.url === `/pool/${i}`)!;
      expect(decrypt(got.body, s.receiver).toString()).toBe('from the arena');
    });
  });
});

describe('choosing the transport', () => {
  it("a transport of the caller's wins and can wrap the default one, as a request hook would", async () => {
    sink = await startPushSink((_push, res) => res.writeHead(201).end('seen'));
    const { subscription } = makeSubscription(`${sink.origin}/push/hooked`);
    const seen: string[] = [];
    const logging: Transport = async (call) => {
      seen.push(`-> ${call.push.method} ${call.push.endpoint} (${call.timeout} ms)`);
      const answer = await dispatcherTransport(new Agent())(call);
      seen.push(`<- ${answer.status} ${answer.body}`);
      return answer;
    };
    const push = buildPushRequest(subscription, 'x', vapid);
    const reply = await sendPushRequest(push, {
      transport: logging,
      fetch: 'ignored' as never,
      timeout: 900,
    });
    expect(reply.status).toBe(201);
    expect(seen).toEqual([`-> POST ${sink.origin}/push/hooked (900 ms)`, '<- 201 seen']);
  });

  it('refuses a dispatcher without dispatch() and both a dispatcher and a fetch, naming the option', async () => {
    const { subscription } = makeSubscription('http://127.0.0.1:9/never');
    const push = buildPushRequest(subscription, null, vapid);
    await expect(sendPushRequest(push, { dispatcher: {} as never })).rejects.toThrow(
      new WebPushValidationError(
        'dispatcher',
        'must have a dispatch() method (an undici Agent, Pool or ProxyAgent); on Bun, Deno and Workers pass fetch instead',
      ),
    );
    await expect(
      sendPushRequest(push, {
        dispatcher: { dispatch: () => true } as never,
        fetch: globalThis.fetch as never,
      }),
    ).rejects.toThrow('fetch: give either dispatcher or fetch, not both');
    await expect(sendPushRequest(push, { fetch: 'fetch' as never })).rejects.toThrow(
      'fetch: must be a function with the shape of globalThis.fetch',
    );
  });
});
