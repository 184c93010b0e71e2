import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admin,
  bootForTest,
  browserSubscription,
  jsonRequest,
  signIn,
  subscribe,
} from '../testing/harness.ts';
import { startPushSink } from '../testing/push-sink.ts';

interface Detail {
  message: { id: number; total: number; accepted: number; failed: number; pending: number };
  deliveries: { id: number; outcome: string; status: number | null }[];
  nextAfter: number | null;
}

describe('GET /api/admin/messages/:id pages the deliveries', () => {
  let sink: Awaited<ReturnType<typeof startPushSink>>;
  let server: ReturnType<typeof bootForTest>;
  let messageId: number;
  beforeAll(async () => {
    // Devices 2 and 4 are refused (400, not retried); the rest accept.
    sink = await startPushSink((path) => (/\/(2|4)$/.test(path) ? { status: 400 } : { status: 201 }));
    server = bootForTest({ ALLOW_HTTP_ENDPOINTS: sink.origin });
    const cookie = await signIn(server.app, 'ada');
    for (let i = 1; i <= 5; i++)
      await subscribe(server.app, cookie, browserSubscription(`${sink.origin}/push/${i}`).json);
    const res = await server.app.request(
      '/api/admin/messages',
      jsonRequest('POST', { title: 'Paged', body: '', target: { type: 'all' } }, admin),
    );
    messageId = ((await res.json()) as Detail).message.id;
    await server.fanout.whenIdle();
  });
  afterAll(async () => {
    await server.close();
    await sink.close();
  });

  const get = async (query: string) => {
    const res = await server.app.request(`/api/admin/messages/${messageId}${query}`, { headers: admin });
    return { status: res.status, body: (await res.json()) as Detail & { error?: unknown } };
  };

  it('returns every delivery by default with nextAfter null, and the counts in the message', async () => {
    const { status, body } = await get('');
    expect(status).toBe(200);
    expect(body.message).toMatchObject({ total: 5, accepted: 3, failed: 2, pending: 0 });
    expect(body.message).not.toHaveProperty('delivered');
    expect(body.deliveries.map((d) => [d.id, d.outcome, d.status])).toEqual([
      [1, 'accepted', 201],
      [2, 'failed', 400],
      [3, 'accepted', 201],
      [4, 'failed', 400],
      [5, 'accepted', 201],
    ]);
    expect(body.nextAfter).toBeNull();
  });

  it('walks the pages with limit and after', async () => {
    const first = await get('?limit=2');
    expect([first.body.deliveries.map((d) => d.id), first.body.nextAfter]).toEqual([[1, 2], 2]);
    const second = await get('?limit=2&after=2');
    expect([second.body.deliveries.map((d) => d.id), second.body.nextAfter]).toEqual([[3, 4], 4]);
    const last = await get('?limit=2&after=4');
    expect([last.body.deliveries.map((d) => d.id), last.body.nextAfter]).toEqual([[5], null]);
  });

  it('filters by outcome', async () => {
    const failed = await get('?outcome=failed&limit=1');
    expect([failed.body.deliveries.map((d) => d.id), failed.body.nextAfter]).toEqual([[2], 2]);
    const rest = await get('?outcome=failed&limit=1&after=2');
    expect([rest.body.deliveries.map((d) => d.id), rest.body.nextAfter]).toEqual([[4], null]);
    // The API's word for a 201 is "accepted" (stored as "delivered"); the stored word is not part of the API.
    const accepted = await get('?outcome=accepted');
    expect(accepted.body.deliveries.map((d) => [d.id, d.outcome])).toEqual([
      [1, 'accepted'],
      [3, 'accepted'],
      [5, 'accepted'],
    ]);
    expect((await get('?outcome=delivered')).status).toBe(400);
  });

  it('refuses a bad parameter with a 400 naming it', async () => {
    for (const [query, field, message] of [
      ['?limit=0', 'limit', 'limit must be a whole number from 1 to 1000'],
      ['?limit=1001', 'limit', 'limit must be a whole number from 1 to 1000'],
      ['?after=-1', 'after', 'after must be a delivery id (a whole number, 0 or more)'],
      ['?outcome=lost', 'outcome', 'outcome must be pending, accepted, expired or failed'],
    ] as const) {
      const { status, body } = await get(query);
      expect([query, status, body]).toEqual([
        query,
        400,
        { error: { status: 400, code: 'validation_failed', message, field } },
      ]);
    }
  });
});
