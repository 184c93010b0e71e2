import { describe, expect, it, onTestFinished } from 'vitest';
import { encryptBatch } from './encrypt-batch.ts';
import { EncryptPool } from './encrypt-pool.ts';
import { WebPushValidationError } from './errors.ts';
import { generateVapidKeys } from './keys.ts';
import { buildPushRequest as buildPushRequestAsync } from './request-async.ts';
import { buildPushRequest } from './request.ts';
import { sendMany } from './send-many.ts';
import { validateSubscription } from './subscription.ts';
import { makeSubscription } from './test-helpers.ts';
import type { PushOptions } from './types.ts';
import { TOPIC_RULE } from './vocabulary.ts';

const { subscription } = makeSubscription();
const offCurve = Buffer.alloc(65, 1);
offCurve[0] = 4;
const offCurveKey = offCurve.toString('base64url');
const NOT_ON_CURVE = 'must decode to a 65-byte uncompressed P-256 point; this point is not on the curve';

/** The field and rule of what `run` throws (or rejects with), and that the message is both. */
async function fieldAndRule(run: () => unknown): Promise<{ field: string; rule: string }> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof WebPushValidationError)) throw error;
    expect(error.message).toBe(`${error.field}: ${error.rule}`);
    return { field: error.field, rule: error.rule };
  }
  throw new Error('did not throw');
}

describe('WebPushValidationError: field and rule, exactly', () => {
  // [what is wrong, run, field, rule]
  const cases: [string, () => unknown, string, string][] = [
    [
      'auth of 3 bytes',
      () => validateSubscription({ ...subscription, keys: { ...subscription.keys, auth: 'AAAA' } }),
      'keys.auth',
      'must decode to 16 bytes (got 3)',
    ],
    [
      'p256dh of 3 bytes',
      () => validateSubscription({ ...subscription, keys: { ...subscription.keys, p256dh: 'AAAA' } }),
      'keys.p256dh',
      'must decode to a 65-byte uncompressed P-256 point (got 3 bytes)',
    ],
    [
      'p256dh off the curve',
      () => validateSubscription({ ...subscription, keys: { ...subscription.keys, p256dh: offCurveKey } }),
      'keys.p256dh',
      NOT_ON_CURVE,
    ],
    [
      'an unknown urgency',
      () => buildPushRequest(subscription, 'x', { urgency: 'urgent' } as unknown as PushOptions),
      'urgency',
      'must be one of very-low, low, normal, high, got "urgent"',
    ],
    [
      'a topic of 33 characters',
      () => buildPushRequest(subscription, 'x', { topic: 'a'.repeat(33) }),
      'topic',
      'must be 1 to 32 base64url characters (A-Z a-z 0-9 - _)',
    ],
    [
      'a topic with a character outside base64url (portable entry)',
      () => buildPushRequestAsync(subscription, 'x', { topic: 'a=b' }),
      'topic',
      TOPIC_RULE,
    ],
    [
      'an unknown content encoding',
      () => buildPushRequest(subscription, 'x', { contentEncoding: 'gzip' } as unknown as PushOptions),
      'contentEncoding',
      'must be one of aes128gcm, aesgcm, got "gzip"',
    ],
  ];
  it.each(cases)('%s', async (_, run, field, rule) => {
    expect(await fieldAndRule(run)).toEqual({ field, rule });
  });

  it('crosses the encrypt batch (worker threads) as field and rule, not as a message to cut apart', () => {
    const keys = [{ p256dh: offCurveKey, auth: subscription.keys.auth }];
    expect(encryptBatch(Buffer.from('x'), 'aes128gcm', keys)).toEqual([
      { error: { field: 'keys.p256dh', rule: NOT_ON_CURVE } },
    ]);
  });

  it('reaches a sendMany result from a worker thread with the same field and rule', async () => {
    const bad = { ...subscription, keys: { ...subscription.keys, p256dh: offCurveKey } };
    const results: { field?: string; rule?: string; message?: string }[] = [];
    // A started pool: before its thread is ready, the event loop encrypts instead.
    const encryptPool = new EncryptPool(1);
    while (!encryptPool.ready) await new Promise((resolve) => setTimeout(resolve, 10));
    onTestFinished(() => encryptPool.close());
    await sendMany([bad], 'x', {
      encryptPool,
      vapidPrivateKey: generateVapidKeys().privateKey,
      vapidClaims: { sub: 'mailto:ops@example.com' },
      onResult: ({ error }) => {
        if (error instanceof WebPushValidationError)
          results.push({ field: error.field, rule: error.rule, message: error.message });
      },
    });
    expect(results).toEqual([
      { field: 'keys.p256dh', rule: NOT_ON_CURVE, message: `keys.p256dh: ${NOT_ON_CURVE}` },
    ]);
  });
});
