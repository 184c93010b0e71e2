// A subscription without keys (pywebpush allows one): a push without data goes out; data is refused by name.
import { afterEach, describe, expect, it } from 'vitest';
import { WebPushValidationError } from './errors.ts';
import { webpush, WebPusher } from './index.ts';
import { webpush as webpushAsync } from './portable.ts';
import { sendMany, type SendResult } from './send-many.ts';
import { validateSubscription } from './subscription.ts';
import { makeSubscription, startPushSink } from './test-helpers.ts';

let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());
const NEEDS_KEYS = /^keys: are required to send data \(p256dh and auth\); a subscription without keys/;

async function sink() {
  const started = await startPushSink((_push, res) => res.writeHead(201).end());
  close = started.close;
  return started;
}

describe('a subscription without keys', () => {
  it.each([
    ['Node entry', webpush],
    ['portable entry', webpushAsync],
  ])('gets a push without data on the %s, and refuses data naming keys', async (_name, send) => {
    const { origin, received } = await sink();
    const subscription = { endpoint: `${origin}/nokeys` };
    const reply = await send(subscription, null, { ttl: 30 });
    expect(reply.status).toBe(201);
    expect(received).toHaveLength(1);
    expect(received[0]!.body.length).toBe(0);
    expect(received[0]!.headers['content-encoding']).toBeUndefined();
    const refusal = send(subscription, 'hello');
    await expect(refusal).rejects.toThrow(WebPushValidationError);
    await expect(refusal).rejects.toThrow(NEEDS_KEYS);
    expect(received).toHaveLength(1);
  });

  it('keys: null is the same as no keys; partial keys are still checked field by field', () => {
    const pusher = new WebPusher({ endpoint: 'https://push.example.net/x', keys: null });
    expect(pusher.subscription.keys).toBeUndefined();
    expect(() => pusher.encode('data')).toThrow(NEEDS_KEYS);
    expect(() => new WebPusher({ endpoint: 'https://push.example.net/x', keys: { auth: 'x' } })).toThrow(
      'keys.p256dh: must be a base64url string',
    );
  });

  it('validateSubscription still requires keys unless asked not to', () => {
    expect(() => validateSubscription({ endpoint: 'https://push.example.net/x' })).toThrow(
      'keys: is required and must hold p256dh and auth',
    );
    expect(validateSubscription({ endpoint: 'https://push.example.net/x' }, { keys: 'optional' })).toEqual({
      endpoint: 'https://push.example.net/x',
      expirationTime: null,
    });
  });

  it.each([0, 1])(
    'in sendMany (workers: %i): no data goes out, data fails that push alone',
    async (workers) => {
      const { origin, received } = await sink();
      const whole = makeSubscription(`${origin}/whole`).subscription;
      const results: SendResult[] = [];
      const onResult = (r: SendResult) => void results.push(r);
      await sendMany([{ endpoint: `${origin}/bare` }], null, { workers, onResult });
      await sendMany([{ endpoint: `${origin}/bare` }, whole], 'data', { workers, onResult });
      expect(received.map((push) => push.url)).toEqual(['/bare', '/whole']);
      expect(results[0]!.outcome).toBe('delivered');
      const refused = results.find((r) => r.outcome === 'failed')!;
      expect(refused.error!.message).toMatch(NEEDS_KEYS);
      expect(refused.index).toBe(0);
    },
  );
});
