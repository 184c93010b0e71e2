import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decrypt } from './encrypt.ts';
import { EncryptPool } from './encrypt-pool.ts';
import { generateVapidKeys } from './keys.ts';
import { retryDelay } from './retry.ts';
import { WebPushError } from './errors.ts';
import { sendMany, type SendResult } from './send-many.ts';
import { makeSubscription } from './test-helpers.ts';

const vapid = {
  vapidPrivateKey: generateVapidKeys().privateKeyPem,
  vapidClaims: { sub: 'mailto:fanout@example.com' },
};
let server: Server | undefined;
afterEach(
  () =>
    new Promise<void>((resolve) =>
      server ? (server.closeAllConnections(), server.close(() => resolve())) : resolve(),
    ),
);

/** A real local push service whose answers per path are scripted: each request takes the next answer. */
async function scripted(script: Record<string, Array<number | 'reset' | [number, Record<string, string>]>>) {
  const hits: Record<string, number[]> = {};
  const bodies: Record<string, Buffer> = {};
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      (hits[path] ??= []).push(Date.now());
      bodies[path] = Buffer.concat(chunks);
      const step = script[path]?.shift() ?? 201;
      if (step === 'reset') return req.socket.destroy();
      const [status, headers] = Array.isArray(step) ? step : [step, {}];
      res
        .writeHead(status, headers)
        .end(status >= 400 ? `{"code":${status},"errno":999,"message":"scripted ${status}"}` : '');
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, hits, bodies };
}

describe('sendMany against a real local server', () => {
  it('delivers to all, each with its own encryption; counts and results are exact', async () => {
    const { origin, hits, bodies } = await scripted({});
    const subs = Array.from({ length: 20 }, (_, i) => makeSubscription(`${origin}/d/${i}`));
    const results: SendResult[] = [];
    const summary = await sendMany(
      subs.map((s) => s.subscription),
      'to everyone',
      { ...vapid, concurrency: 4, onResult: (r) => void results.push(r) },
    );
    expect(summary).toEqual({ total: 20, delivered: 20, expired: 0, failed: 0, retried: 0 });
    expect(results.map((r) => r.index).sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    subs.forEach((s, i) => {
      expect(hits[`/d/${i}`]).toHaveLength(1);
      expect(decrypt(bodies[`/d/${i}`]!, s.receiver).toString()).toBe('to everyone');
    });
  });

  it('429 with Retry-After: waits as told, then delivers', async () => {
    const { origin, hits } = await scripted({ '/r': [[429, { 'retry-after': '1' }], 201] });
    const results: SendResult[] = [];
    const summary = await sendMany([makeSubscription(`${origin}/r`).subscription], 'x', {
      ...vapid,
      onResult: (r) => void results.push(r),
    });
    expect(summary).toEqual({ total: 1, delivered: 1, expired: 0, failed: 0, retried: 1 });
    expect(results[0]).toMatchObject({ outcome: 'delivered', status: 201, attempts: 2 });
    const [first, second] = hits['/r']!;
    expect(second! - first!).toBeGreaterThanOrEqual(990);
  });

  it('503 then success; a connection reset then success', async () => {
    const { origin, hits } = await scripted({ '/u': [503, 503, 201], '/reset': ['reset', 201] });
    const subs = [
      makeSubscription(`${origin}/u`).subscription,
      makeSubscription(`${origin}/reset`).subscription,
    ];
    const summary = await sendMany(subs, 'x', { ...vapid, retryBaseMs: 10 });
    expect(summary).toEqual({ total: 2, delivered: 2, expired: 0, failed: 0, retried: 3 });
    expect(hits['/u']).toHaveLength(3);
    expect(hits['/reset']).toHaveLength(2);
  });

  it('400 is not retried; 410 is expired; retries give up after the budget', async () => {
    const { origin, hits } = await scripted({ '/bad': [400], '/gone': [410], '/down': [503, 503, 503] });
    const results: Record<string, SendResult> = {};
    const subs = ['/bad', '/gone', '/down'].map((p) => makeSubscription(`${origin}${p}`).subscription);
    const summary = await sendMany(subs, 'x', {
      ...vapid,
      retries: 2,
      retryBaseMs: 5,
      onResult: (r) =>
        void (results[new URL((r.subscription as { endpoint: string }).endpoint).pathname] = r),
    });
    expect(summary).toEqual({ total: 3, delivered: 0, expired: 1, failed: 2, retried: 2 });
    expect(hits['/bad']).toHaveLength(1);
    expect(results['/bad']).toMatchObject({ outcome: 'failed', status: 400, attempts: 1 });
    expect(results['/bad']!.error!.message).toBe('push service answered 400: scripted 400');
    expect(results['/gone']).toMatchObject({ outcome: 'expired', status: 410, attempts: 1 });
    expect(results['/down']).toMatchObject({ outcome: 'failed', status: 503, attempts: 3 });
  });

  it('an invalid subscription fails alone, naming the field, without a request', async () => {
    const { origin, hits } = await scripted({});
    const good = makeSubscription(`${origin}/ok`).subscription;
    const results: SendResult[] = [];
    async function* source() {
      yield { endpoint: `${origin}/bad`, keys: { p256dh: 'AAAA', auth: good.keys.auth } };
      yield good;
    }
    const summary = await sendMany(source(), 'x', { ...vapid, onResult: (r) => void results.push(r) });
    expect(summary).toMatchObject({ total: 2, delivered: 1, failed: 1 });
    expect(results.find((r) => r.index === 0)!.error!.message).toBe(
      'keys.p256dh: must decode to a 65-byte uncompressed P-256 point (got 3 bytes)',
    );
    expect(hits['/bad']).toBeUndefined();
  });
});

describe('sendMany with an encryption worker thread', () => {
  for (const contentEncoding of ['aes128gcm', 'aesgcm'] as const) {
    it(`${contentEncoding}: every body decrypts; an off-curve key fails alone, naming the field`, async () => {
      const { origin, hits, bodies } = await scripted({});
      const subs = Array.from({ length: 70 }, (_, i) => makeSubscription(`${origin}/w/${i}`));
      const offCurve = Buffer.from(subs[5]!.subscription.keys.p256dh, 'base64url');
      offCurve[64]! ^= 1;
      const input = subs.map((s, i) =>
        i === 5
          ? { ...s.subscription, keys: { ...s.subscription.keys, p256dh: offCurve.toString('base64url') } }
          : s.subscription,
      );
      const results: SendResult[] = [];
      const summary = await sendMany(input, 'from a worker', {
        ...vapid,
        contentEncoding,
        workers: 1,
        onResult: (r) => void results.push(r),
      });
      expect(summary).toEqual({ total: 70, delivered: 69, expired: 0, failed: 1, retried: 0 });
      expect(results.find((r) => r.index === 5)!.error!.message).toBe(
        'keys.p256dh: must decode to a 65-byte uncompressed P-256 point; this point is not on the curve',
      );
      expect(hits['/w/5']).toBeUndefined();
      if (contentEncoding === 'aes128gcm') {
        subs.forEach(
          (s, i) =>
            i !== 5 && expect(decrypt(bodies[`/w/${i}`]!, s.receiver).toString()).toBe('from a worker'),
        );
      } else expect(bodies['/w/0']!.length).toBe(2 + 13 + 16);
    });
  }

  it("encrypts on a caller's warm pool: bodies from its shared arena decrypt, retries resend them intact, and the pool stays open", async () => {
    const pool = new EncryptPool(1);
    try {
      while (!pool.ready) await new Promise((resolve) => setTimeout(resolve, 10));
      // Every 10th device answers 503 once: its body is sent again after later batches reused the arenas.
      const script = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`/p/${i * 10}`, [503]]));
      const { origin, hits, bodies } = await scripted(script);
      const subs = Array.from({ length: 150 }, (_, i) => makeSubscription(`${origin}/p/${i}`));
      for (const round of ['first', 'second']) {
        const summary = await sendMany(
          subs.map((s) => s.subscription),
          `${round} call`,
          { ...vapid, encryptPool: pool, concurrency: 8, retryBaseMs: 20 },
        );
        expect(summary).toEqual({
          total: 150,
          delivered: 150,
          expired: 0,
          failed: 0,
          retried: round === 'first' ? 15 : 0,
        });
        subs.forEach((s, i) =>
          expect(decrypt(bodies[`/p/${i}`]!, s.receiver).toString()).toBe(`${round} call`),
        );
        expect(pool.ready).toBe(true);
      }
      expect(hits['/p/10']).toHaveLength(3);
    } finally {
      await pool.close();
    }
  });

  it('refuses data too large for a push message before any request', async () => {
    const { origin, hits } = await scripted({});
    await expect(
      sendMany([makeSubscription(`${origin}/big`).subscription], 'x'.repeat(3994), vapid),
    ).rejects.toThrow('data: is 3994 bytes; at most 3993 bytes fit in one 4096-byte aes128gcm push message');
    expect(hits['/big']).toBeUndefined();
  });
});

describe('retryDelay', () => {
  const error = (status: number, headers: Record<string, string> = {}) =>
    new WebPushError({ status, headers, endpoint: 'https://x' });
  it('uses Retry-After, refuses one longer than the cap, and backs off exponentially with jitter', () => {
    expect(retryDelay(error(429, { 'retry-after': '3' }), 1, {})).toBe(3000);
    expect(retryDelay(error(429, { 'retry-after': '120' }), 1, {})).toBeUndefined();
    expect([1, 2, 3].map((n) => retryDelay(error(503), n, { retryBaseMs: 100 }, () => 1))).toEqual([
      100, 200, 400,
    ]);
    expect(retryDelay(error(503), 4, { retryBaseMs: 100 }, () => 1)).toBeUndefined();
    expect(retryDelay(error(503), 3, { retryBaseMs: 100, retryMaxMs: 250 }, () => 1)).toBe(250);
  });
});
