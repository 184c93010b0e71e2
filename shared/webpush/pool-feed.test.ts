import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decrypt } from './encrypt.ts';
import { EncryptPool } from './encrypt-pool.ts';
import { generateVapidKeys } from './keys.ts';
import { BATCH, poolFeed } from './pool-feed.ts';
import { pushAssembler } from './request.ts';
import type { Prepared, Pull } from './send-many.ts';
import { makeSubscription } from './test-helpers.ts';

const assemble = pushAssembler({
  vapidPrivateKey: generateVapidKeys().privateKey,
  vapidClaims: { sub: 'mailto:ops@example.com' },
});
const payload = Buffer.from('through the arena');
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
    const items = await takeAll(poolFeed(input, payload, 'aes128gcm', assemble, pool));
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
    const next = poolFeed(
      devices.map((d) => d.subscription),
      payload,
      'aes128gcm',
      assemble,
      pool,
    );
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
    const next = poolFeed(source(), payload, 'aes128gcm', assemble, pool);
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
    const next = poolFeed(source(), payload, 'aes128gcm', assemble, pool);
    await expect(takeAll(next)).rejects.toThrow('database gone');
  });
});
