// sendMany items of { subscription, data, options } (web-push-php's queueNotification), against a real local
// push service: inline, on the encrypt pool (worker threads), and on the portable entry.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decrypt } from './encrypt.ts';
import { EncryptPool } from './encrypt-pool.ts';
import { generateVapidKeys } from './keys.ts';
import { sendMany as sendManyAsync } from './send-many-async.ts';
import { sendMany, type SendManyOptions, type SendResult } from './send-many.ts';
import { makeSubscription, startPushSink, type ReceivedPush } from './test-helpers.ts';

const vapid = {
  vapidPrivateKey: generateVapidKeys().privateKeyPem,
  vapidClaims: { sub: 'mailto:items@example.com' },
};
let pool: EncryptPool;
beforeAll(async () => {
  pool = new EncryptPool(1);
  while (!pool.ready) await new Promise((resolve) => setTimeout(resolve, 10));
});
afterAll(() => pool.close());
let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

type Send = (input: unknown[], data: string | null, options: SendManyOptions) => Promise<unknown>;
const paths: Array<[string, Send]> = [
  ['inline', (input, data, options) => sendMany(input, data, { ...options, workers: 0 })],
  ['the encrypt pool', (input, data, options) => sendMany(input, data, { ...options, encryptPool: pool })],
  ['the portable entry', (input, data, options) => sendManyAsync(input, data, options)],
];

describe.each(paths)('sendMany items, %s', (_name, send) => {
  it('sends each item its own payload and options, plain subscriptions the shared ones', async () => {
    const sink = await startPushSink((_push, res) => res.writeHead(201).end());
    close = sink.close;
    const devices = Array.from({ length: 80 }, (_, i) => makeSubscription(`${sink.origin}/d/${i}`));
    const urgent = { urgency: 'high' as const, ttl: 60 };
    const input: unknown[] = devices.map((d, i) => {
      if (i % 4 === 0) return d.subscription;
      if (i % 4 === 1) return { subscription: d.subscription, data: `receipt ${i}` };
      if (i % 4 === 2) return { subscription: d.subscription, data: `urgent ${i}`, options: urgent };
      return { subscription: d.subscription, data: null, options: { topic: 'ping' } };
    });
    const results: SendResult[] = [];
    const summary = await send(input, 'shared news', {
      ...vapid,
      ttl: 3600,
      concurrency: 8,
      onResult: (r) => void results.push(r),
    });
    expect(summary).toEqual({ total: 80, delivered: 80, expired: 0, failed: 0, retried: 0 });
    const byPath = new Map<string, ReceivedPush>(sink.received.map((push) => [push.url, push]));
    for (const [i, device] of devices.entries()) {
      const push = byPath.get(`/d/${i}`)!;
      const kind = i % 4;
      expect(push.headers.ttl).toBe(kind === 2 ? '60' : '3600');
      expect(push.headers.urgency).toBe(kind === 2 ? 'high' : undefined);
      if (kind === 3) {
        expect(push.body.length).toBe(0);
        expect(push.headers.topic).toBe('ping');
        continue;
      }
      const expected = kind === 0 ? 'shared news' : kind === 1 ? `receipt ${i}` : `urgent ${i}`;
      expect(decrypt(push.body, device.receiver).toString()).toBe(expected);
    }
    // Each result carries the element it came from: the item itself for an item.
    for (const result of results) expect(result.subscription).toBe(input[result.index]);
  });

  it('fails an item whose own data is too large alone, naming data, before any request for it', async () => {
    const sink = await startPushSink((_push, res) => res.writeHead(201).end());
    close = sink.close;
    const [a, b] = [makeSubscription(`${sink.origin}/a`), makeSubscription(`${sink.origin}/b`)];
    const results: SendResult[] = [];
    const input = [{ subscription: a.subscription, data: 'x'.repeat(4000) }, b.subscription];
    await send(input, 'fits', { ...vapid, onResult: (r) => void results.push(r) });
    const failed = results.find((r) => r.index === 0)!;
    expect(failed.outcome).toBe('failed');
    expect(failed.error!.message).toMatch(/^data: is 4000 bytes; at most 3993 bytes fit/);
    expect(sink.received.map((push) => push.url)).toEqual(['/b']);
  });

  it('pads per item when an item asks for it, and the shared padding applies to the rest', async () => {
    const sink = await startPushSink((_push, res) => res.writeHead(201).end());
    close = sink.close;
    const devices = Array.from({ length: 3 }, (_, i) => makeSubscription(`${sink.origin}/p/${i}`));
    const input = [
      devices[0]!.subscription,
      { subscription: devices[1]!.subscription, data: 'a much longer receipt token, still one bucket' },
      { subscription: devices[2]!.subscription, data: 'own', options: { padding: { to: 1000 } } },
    ];
    await send(input, 'short', { ...vapid, padding: { to: 'bucket' } });
    const length = (path: string) => sink.received.find((push) => push.url === path)!.body.length;
    expect(length('/p/0')).toBe(128 + 103);
    expect(length('/p/1')).toBe(128 + 103);
    expect(length('/p/2')).toBe(1000 + 103);
    const push = sink.received.find((p) => p.url === '/p/2')!;
    expect(decrypt(push.body, devices[2]!.receiver).toString()).toBe('own');
  });
});
