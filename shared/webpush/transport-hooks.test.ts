// onRequest/onResponse on both entries and in sendMany, against a real local server: one event pair per
// request (retries included), the request as sent, the answer as received.
import { afterEach, describe, expect, it } from 'vitest';
import { webpush } from './index.ts';
import { webpush as webpushAsync, sendMany as sendManyAsync } from './portable.ts';
import { sendMany } from './send-many.ts';
import { makeSubscription, startPushSink } from './test-helpers.ts';
import type { PushRequest, PushResponseEvent } from './types.ts';

let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

function recorder() {
  const requests: PushRequest[] = [];
  const responses: PushResponseEvent[] = [];
  return {
    requests,
    responses,
    hooks: {
      onRequest: (push: PushRequest) => void requests.push(push),
      onResponse: (event: PushResponseEvent) => void responses.push(event),
    },
  };
}

describe.each([
  ['Node entry', webpush],
  ['portable entry', webpushAsync],
] as const)('hooks on one push, %s', (_name, send) => {
  it('reports the request as sent and the answer, also for a refusal', async () => {
    const sink = await startPushSink((push, res) =>
      push.url === '/gone' ? res.writeHead(410).end('gone') : res.writeHead(201, { location: '/m/1' }).end(),
    );
    close = sink.close;
    const { subscription } = makeSubscription(`${sink.origin}/ok`);
    const { requests, responses, hooks } = recorder();
    await send(subscription, 'hello', { ttl: 60, ...hooks });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.TTL).toBe('60');
    expect(Buffer.from(requests[0]!.body!).equals(sink.received[0]!.body)).toBe(true);
    expect(responses[0]).toMatchObject({ status: 201, body: '' });
    expect(responses[0]!.headers.location).toBe('/m/1');
    expect(responses[0]!.ms).toBeGreaterThanOrEqual(0);
    await expect(send({ ...subscription, endpoint: `${sink.origin}/gone` }, 'x', hooks)).rejects.toThrow();
    expect(responses[1]).toMatchObject({ status: 410, body: 'gone' });
  });

  it('reports a failure with no answer as status 0 and its error', async () => {
    const { subscription } = makeSubscription('http://127.0.0.1:1/closed');
    const { requests, responses, hooks } = recorder();
    await expect(send(subscription, 'x', hooks)).rejects.toThrow();
    expect(requests).toHaveLength(1);
    expect(responses[0]!.status).toBe(0);
    expect(responses[0]!.error).toBeDefined();
  });
});

describe.each([
  ['Node entry', sendMany],
  ['portable entry', sendManyAsync],
] as const)('hooks in sendMany, %s', (_name, fanOut) => {
  it('one onRequest and one onResponse per request, retries included', async () => {
    let first = true;
    const sink = await startPushSink((_push, res) => {
      if (first) {
        first = false;
        return res.writeHead(503).end();
      }
      res.writeHead(201).end();
    });
    close = sink.close;
    const devices = Array.from(
      { length: 5 },
      (_, i) => makeSubscription(`${sink.origin}/d/${i}`).subscription,
    );
    const { requests, responses, hooks } = recorder();
    const summary = await fanOut(devices, 'hi', { ...hooks, concurrency: 1, retryBaseMs: 1 });
    expect(summary).toMatchObject({ delivered: 5, retried: 1 });
    expect(requests.map((push) => push.endpoint)).toEqual([
      devices[0]!.endpoint,
      ...devices.map((d) => d.endpoint),
    ]);
    expect(responses.map((event) => event.status)).toEqual([503, 201, 201, 201, 201, 201]);
    expect(sink.received).toHaveLength(6);
  });
});
