import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptions } from '../db/schema.ts';
import { bootForTest, browserSubscription, jsonRequest, offlineLookup, signIn } from '../testing/harness.ts';
import { FUZZ_DNS, malformedSubscriptions } from '../testing/malformed-subscriptions.ts';

const CASES = 1100;
const SEED = 20261106;

describe('generated malformed subscription bodies', () => {
  let server: ReturnType<typeof bootForTest>;
  let cookie: string;
  beforeAll(async () => {
    // Production mode (allowlist on, hosts must resolve), no rate limit so every body reaches validation.
    server = bootForTest(
      { NODE_ENV: 'production', RATE_LIMIT_SUBSCRIBE: 'off' },
      { lookup: offlineLookup(FUZZ_DNS) },
    );
    cookie = await signIn(server.app, 'fuzz');
  });
  afterAll(async () => server.close());

  it(`answers each of ${CASES} with a 400 naming the broken field, stores none, and keeps serving`, async () => {
    const seen = new Map<string, number>();
    for (const { what, body, field } of malformedSubscriptions(CASES, SEED)) {
      const res = await server.app.request('/api/subscriptions', jsonRequest('POST', body, { cookie }));
      const answer = (await res.json()) as {
        error: { status: number; code: string; message: string; field?: string };
      };
      const context = `${what}: ${JSON.stringify(body).slice(0, 200)} -> ${JSON.stringify(answer)}`;
      expect(res.status, context).toBe(400);
      expect(answer.error, context).toMatchObject({ status: 400, code: 'validation_failed', field });
      expect(answer.error.message.startsWith(`${field} `), context).toBe(true);
      seen.set(what, (seen.get(what) ?? 0) + 1);
    }
    expect(seen.size).toBe(33);
    expect(Math.min(...seen.values())).toBeGreaterThanOrEqual(30);
    expect(server.db.select().from(subscriptions).all()).toHaveLength(0);

    const valid = browserSubscription('https://fcm.googleapis.com/fcm/send/after-the-storm').json;
    const res = await server.app.request('/api/subscriptions', jsonRequest('POST', valid, { cookie }));
    expect(res.status).toBe(201);
    expect(server.db.select({ endpoint: subscriptions.endpoint }).from(subscriptions).all()).toEqual([
      { endpoint: valid.endpoint },
    ]);
  });

  it('is reproducible: the same seed gives the same bodies', () => {
    const first = [...malformedSubscriptions(40, 7)];
    expect(first).toHaveLength(40);
    expect([...malformedSubscriptions(40, 7)]).toEqual(first);
    expect([...malformedSubscriptions(40, 8)]).not.toEqual(first);
  });
});
