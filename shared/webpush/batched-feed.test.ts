import { describe, expect, it } from 'vitest';
import { batchedFeed } from './batched-feed.ts';
import { decrypt } from './encrypt.ts';
import type { Prepared, Pull } from './fan-out.ts';
import { generateVapidKeys, sendMany } from './portable.ts';
import { makeSubscription } from './test-helpers.ts';

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Lanes pulling as sendMany's do: the first undefined any lane gets ends the feed for all (fan-out.ts). */
async function drain<S>(next: Pull<S>, lanes: number): Promise<Prepared<S>[]> {
  const taken: Prepared<S>[] = [];
  let ended = false;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (!ended) {
        const item = await next();
        if (!item) ended = true;
        else {
          taken.push(item);
          await later(item.index % 3); // pushes answered at different speeds
        }
      }
    }),
  );
  return taken;
}

describe('batchedFeed', () => {
  it('hands out every push once, in input order, and ends only when the last batch is out', async () => {
    const prepared: number[] = [];
    const prepare = async (n: number, index: number): Promise<Prepared<number>> => {
      await later(1);
      prepared.push(index);
      return { index, subscription: n };
    };
    const source = Array.from({ length: 203 }, (_, i) => i * 10);
    const taken = await drain(batchedFeed(source, prepare, 16), 8);
    expect(taken.map((item) => item.index)).toEqual(source.map((_, i) => i));
    expect(taken.map((item) => item.subscription)).toEqual(source);
    expect(prepared).toHaveLength(203);
  });

  it('reads an async source a batch at a time, never ahead of what it hands out by more than a batch', async () => {
    let read = 0;
    let handed = 0;
    let mostAhead = 0;
    async function* source() {
      for (let i = 0; i < 100; i++) {
        read++;
        mostAhead = Math.max(mostAhead, read - handed);
        yield i;
      }
    }
    const next = batchedFeed(source(), async (n, index) => ({ index, subscription: n }), 10);
    const counted: Pull<number> = () => {
      const item = next();
      return item instanceof Promise
        ? item.then((value) => (value && handed++, value))
        : (item && handed++, item);
    };
    expect((await drain(counted, 4)).length).toBe(100);
    expect(mostAhead).toBeLessThanOrEqual(10);
  });

  it("the portable sendMany sends every push of a fan-out once (its feed's last batch included)", async () => {
    const devices = Array.from({ length: 300 }, (_, i) =>
      makeSubscription(`https://push.example.net/d/${i}`),
    );
    const vapid = await generateVapidKeys();
    const bodies = new Map<string, Uint8Array>();
    const summary = await sendMany(
      devices.map((device) => device.subscription),
      'to each once',
      {
        vapidPrivateKey: vapid.privateKey,
        vapidClaims: { sub: 'mailto:ops@example.com' },
        concurrency: 7,
        transport: async ({ push }) => {
          expect(bodies.has(push.endpoint)).toBe(false);
          bodies.set(push.endpoint, push.body!);
          await later(bodies.size % 4);
          return { status: 201, headers: {}, body: '' };
        },
      },
    );
    expect(summary).toEqual({ total: 300, delivered: 300, expired: 0, failed: 0, retried: 0 });
    devices.forEach((device) =>
      expect(decrypt(bodies.get(device.subscription.endpoint)!, device.receiver).toString()).toBe(
        'to each once',
      ),
    );
  });
});
