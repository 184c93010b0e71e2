import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decrypt } from './encrypt.ts';
import { EncryptPool } from './encrypt-pool.ts';
import { generateVapidKeys } from './keys.ts';
import { BATCH, poolFeed } from './pool-feed.ts';
import { pushAssembler, type Assemble } from './request.ts';
import { assemblerCache, itemPlanner } from './send-item.ts';
import type { Prepared, Pull } from './send-many.ts';
import { makeSubscription } from './test-helpers.ts';
import type { PushOptions } from './types.ts';

const options: PushOptions = {
  vapidPrivateKey: generateVapidKeys().privateKey,
  vapidClaims: { sub: 'mailto:ops@example.com' },
  contentEncoding: 'aes128gcm',
};
const payload = Buffer.from('through the arena');
const assemblerOf = assemblerCache<PushOptions, Assemble>(options, pushAssembler(options), pushAssembler);
const feed = <S>(source: Iterable<S> | AsyncIterable<S>, data: Uint8Array | undefined = payload) =>
  poolFeed(source, data, options, itemPlanner<PushOptions>(data, options), assemblerOf, pool);
const devices = Array.from({ length: 300 }, (_, i) => makeSubscription(`https://push.example.net/d/${i}`));

let pool: EncryptPool;
beforeAll(async () => {
  pool = new EncryptPool(1);
  while (!pool.ready) await new Promise((resolve) => setTimeout(resolve, 10));
});
afterAll(() => pool.close());

async function takeAll<S>(next: Pull<S>): Promise<Prepared<S>[]> {
  const items: Prepared<S>[] = [];
  for (let item = await next(); item; item = await next()) items.push(item);
  return items;
}

describe('poolFeed', () => {
  it('hands out every push in input order, encrypted by the worker; a bad subscription carries its error', async () => {
    const input: unknown[] = devices.map((d) => d.subscription);
    input[7] = { endpoint: 'https://push.example.net/d/7', keys: { p256dh: 'short', auth: 'x' } };
    const items = await takeAll(feed(input));
    expect(items.map((item) => item.index)).toEqual(input.map((_, i) => i));
    expect(items[7]!.push).toBeUndefined();
    expect(items[7]!.error!.message).toMatch(/^keys\.p256dh: /);
    for (const [i, item] of items.entries()) {
      if (i === 7) continue;
      expect(item.push!.endpoint).toBe(`https://push.example.net/d/${i}`);
      expect(decrypt(item.push!.body!, devices[i]!.receiver).toString()).toBe('through the arena');
      item.settled!();
    }
  });

  it('keeps a body intact until its push is settled, while later batches reuse the arenas', async () => {
    const next = feed(devices.map((d) => d.subscription));
    const held = (await next())!;
    const heldBytes = Buffer.from(held.push!.body!);
    // Everything after it is taken and settled: its arenas go back and are written again.
    for (let item = await next(); item; item = await next()) item.settled!();
    expect(Buffer.compare(held.push!.body!, heldBytes)).toBe(0);
    expect(decrypt(held.push!.body!, devices[0]!.receiver).toString()).toBe('through the arena');
    held.settled!();
  });

  it('reads the source no further ahead of the lanes than 4 batches per worker', async () => {
    let read = 0;
    async function* source() {
      for (const device of devices) {
        read++;
        yield device.subscription;
      }
    }
    const next = feed(source());
    (await next())!.settled!();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // 4 batches on the pool or waiting + the batch being read + the one handed out.
    expect(read).toBeGreaterThanOrEqual(4 * BATCH);
    expect(read).toBeLessThanOrEqual(6 * BATCH);
    for (let item = await next(); item; item = await next()) item.settled!();
    expect(read).toBe(devices.length);
  });

  it('rejects the lanes when the source fails', async () => {
    async function* source() {
      yield devices[0]!.subscription;
      throw new Error('database gone');
    }
    const next = feed(source());
    await expect(takeAll(next)).rejects.toThrow('database gone');
  });

  it('encrypts a payload and options per item on the worker, beside plain subscriptions and pushes without data', async () => {
    const input: unknown[] = devices.slice(0, 70).map((d, i) => {
      if (i % 3 === 0) return d.subscription;
      if (i % 3 === 1) return { subscription: d.subscription, data: `receipt ${i}` };
      return { subscription: d.subscription, data: i === 5 ? null : `aesgcm ${i}`, options: aesgcm };
    });
    const items = await takeAll(feed(input));
    expect(items).toHaveLength(70);
    for (const [i, item] of items.entries()) {
      const push = item.push!;
      expect(push.endpoint).toBe(`https://push.example.net/d/${i}`);
      const { receiver } = devices[i]!;
      if (i === 5) expect(push.body).toBeNull();
      else if (i % 3 === 2) {
        expect(push.headers['Content-Encoding']).toBe('aesgcm');
        const headers = { encryption: push.headers.Encryption!, cryptoKey: push.headers['Crypto-Key']! };
        expect(decrypt(push.body!, receiver, 'aesgcm', headers).toString()).toBe(`aesgcm ${i}`);
      } else {
        const expected = i % 3 === 0 ? 'through the arena' : `receipt ${i}`;
        expect(decrypt(push.body!, receiver).toString()).toBe(expected);
      }
      expect(item.subscription).toBe(input[i]);
      item.settled?.();
    }
  });
});

const aesgcm = { contentEncoding: 'aesgcm' as const, ttl: 60 };
