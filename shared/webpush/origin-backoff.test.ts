// Per-push-service backoff in sendMany, against two real local push services (two origins): one answers 429
// with Retry-After: 1 for a second; the other's pushes must keep flowing meanwhile.
import { afterEach, describe, expect, it } from 'vitest';
import { generateVapidKeys } from './keys.ts';
import { sendMany as sendManyAsync } from './send-many-async.ts';
import { sendMany, type SendManyOptions, type SendResult } from './send-many.ts';
import { makeSubscription, startPushSink } from './test-helpers.ts';

const vapid = {
  vapidPrivateKey: generateVapidKeys().privateKeyPem,
  vapidClaims: { sub: 'mailto:backoff@example.com' },
};
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Origin A answers 429 Retry-After: 1 for one second from its first request; origin B always 201. */
async function twoServices() {
  let windowEnds = 0;
  const answers: Array<{ at: number; status: number }> = [];
  const a = await startPushSink((_push, res) => {
    const now = Date.now();
    if (windowEnds === 0) windowEnds = now + 1000;
    const status = now < windowEnds ? 429 : 201;
    answers.push({ at: now, status });
    res.writeHead(status, status === 429 ? { 'Retry-After': '1' } : {}).end();
  });
  const bHits: number[] = [];
  const b = await startPushSink((_push, res) => {
    bHits.push(Date.now());
    res.writeHead(201).end();
  });
  closers.push(a.close, b.close);
  return { a, b, answers, bHits };
}

type Send = (input: unknown[], options: SendManyOptions) => Promise<{ delivered: number; failed: number }>;
const entries: Array<[string, Send]> = [
  ['Node entry', (input, options) => sendMany(input, 'hello', { ...options, workers: 0 })],
  ['portable entry', (input, options) => sendManyAsync(input, 'hello', options)],
];

describe.each(entries)('per-origin backoff, %s', (_name, send) => {
  it('pauses only the origin that answered 429: the other origin is served during the pause', async () => {
    const { a, b, answers, bHits } = await twoServices();
    const input = Array.from(
      { length: 80 },
      (_, i) => makeSubscription(`${i % 2 === 0 ? a.origin : b.origin}/d/${i}`).subscription,
    );
    const results: SendResult[] = [];
    const summary = await send(input, { ...vapid, concurrency: 4, onResult: (r) => void results.push(r) });
    expect(summary.delivered).toBe(80);
    expect(summary.failed).toBe(0);
    const refused = answers.filter((answer) => answer.status === 429);
    const accepted = answers.filter((answer) => answer.status === 201);
    expect(accepted).toHaveLength(40);
    // Only pushes already in flight when the first 429 came back met the pause; none were sent into it.
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(4);
    // Every push to B went out while A was paused: before A accepted anything.
    expect(bHits).toHaveLength(40);
    expect(Math.max(...bHits)).toBeLessThan(Math.min(...accepted.map((answer) => answer.at)));
  });

  it('fails the paused origin’s pushes without a request when its pause is longer than retryMaxMs', async () => {
    const { a, b, answers, bHits } = await twoServices();
    const input = Array.from(
      { length: 20 },
      (_, i) => makeSubscription(`${i % 2 === 0 ? a.origin : b.origin}/d/${i}`).subscription,
    );
    const results: SendResult[] = [];
    const summary = await send(input, {
      ...vapid,
      concurrency: 1,
      retryMaxMs: 500,
      onResult: (r) => void results.push(r),
    });
    expect(summary).toMatchObject({ delivered: 10, failed: 10 });
    expect(answers).toHaveLength(1); // the first push to A; the other nine never left
    expect(bHits).toHaveLength(10);
    const unsent = results.filter((r) => r.outcome === 'failed' && r.attempts === 0);
    expect(unsent).toHaveLength(9);
    expect(unsent.every((r) => r.status === 429)).toBe(true);
  });
});

describe('originBackoff: false', () => {
  it('lets each push wait out its own Retry-After, so the other origin waits behind it (as before)', async () => {
    const { a, b, answers, bHits } = await twoServices();
    const input = Array.from(
      { length: 16 },
      (_, i) => makeSubscription(`${i % 2 === 0 ? a.origin : b.origin}/d/${i}`).subscription,
    );
    await sendMany(input, 'hello', { ...vapid, workers: 0, concurrency: 2, originBackoff: false });
    const accepted = answers.filter((answer) => answer.status === 201);
    expect(Math.max(...bHits)).toBeGreaterThan(Math.min(...accepted.map((answer) => answer.at)));
  });
});
