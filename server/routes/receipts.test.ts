import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { decrypt } from '@starter-kit/webpush/node';
import { deliveries, messages } from '../db/schema.ts';
import {
  admin,
  bootForTest,
  browserSubscription,
  jsonRequest,
  signIn,
  subscribe,
} from '../testing/harness.ts';
import { startPushSink } from '../testing/push-sink.ts';

type Booted = ReturnType<typeof bootForTest>;

/** Sends a message to two devices of ada's and returns each device's decrypted payload, in delivery order. */
async function sendAndRead(env: Record<string, string> = {}) {
  const sink = await startPushSink();
  const server = bootForTest({ ALLOW_HTTP_ENDPOINTS: sink.origin, ...env });
  const cookie = await signIn(server.app, 'ada');
  const devices = [
    browserSubscription(`${sink.origin}/push/a`),
    browserSubscription(`${sink.origin}/push/b`),
  ];
  for (const device of devices) await subscribe(server.app, cookie, device.json);
  const res = await server.app.request(
    '/api/admin/messages',
    jsonRequest('POST', { title: 'Hi', body: 'there', url: '/news', target: { type: 'all' } }, admin),
  );
  const { message } = (await res.json()) as { message: { id: number } };
  await server.fanout.whenIdle();
  const texts = ['/push/a', '/push/b'].map((path, i) => {
    const push = sink.received.find((p) => p.path === path)!;
    return decrypt(push.body, {
      privateKey: devices[i]!.receiver.privateKey,
      auth: devices[i]!.receiver.auth,
    }).toString();
  });
  return { server, sink, messageId: message.id, texts };
}

const tokenOf = (text: string) =>
  (JSON.parse(text) as { notification: { data: { receipt?: string } } }).notification.data.receipt;

const receipt = (server: Booted, body: unknown, headers: Record<string, string> = {}) =>
  server.app.request('/api/receipts', jsonRequest('POST', body, headers));

describe('POST /api/receipts', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step();
  });

  it('records each kind once for the delivery its token names, and answers everything else alike', async () => {
    const { server, sink, messageId, texts } = await sendAndRead();
    cleanup.push(
      () => server.close(),
      () => sink.close(),
    );
    const [mine, other] = texts.map((text) => tokenOf(text)!);
    const rows = () =>
      server.db
        .select({
          id: deliveries.id,
          shownAt: deliveries.shownAt,
          clickedAt: deliveries.clickedAt,
          clickedAction: deliveries.clickedAction,
          closedAt: deliveries.closedAt,
        })
        .from(deliveries)
        .where(eq(deliveries.messageId, messageId))
        .orderBy(deliveries.id)
        .all();
    const counts = () =>
      server.db
        .select({ shown: messages.shown, clicked: messages.clicked, closed: messages.closed })
        .from(messages)
        .where(eq(messages.id, messageId))
        .get();

    const clicked = await receipt(server, { token: mine, kind: 'clicked', action: 'action-1' });
    expect(clicked.status).toBe(204);
    expect(await clicked.text()).toBe('');
    const recorded = rows();
    expect(recorded[0]).toMatchObject({ clickedAction: 'action-1', closedAt: null });
    expect(recorded[0]!.shownAt).toBeInstanceOf(Date);
    expect(recorded[1]).toMatchObject({ shownAt: null, clickedAt: null, clickedAction: null });
    expect(counts()).toEqual({ shown: 1, clicked: 1, closed: 0 });

    const [id, expires, mac] = mine!.split('.');
    const otherId = other!.split('.')[0];
    for (const body of [
      { token: mine, kind: 'clicked', action: 'action-2' }, // replay, another action
      { token: mine, kind: 'shown' }, // replay of the implied kind
      { token: `${id}.${expires}.${mac!.slice(0, 21)}${mac!.endsWith('A') ? 'Q' : 'A'}`, kind: 'closed' },
      { token: `${otherId}.${expires}.${mac}`, kind: 'shown' }, // this MAC on the other delivery
      { token: `${id}.${(parseInt(expires!, 36) + 86400).toString(36)}.${mac}`, kind: 'closed' }, // later expiry
      { token: '999999.zzzzzz.AAAAAAAAAAAAAAAAAAAAAA', kind: 'shown' },
      { token: 'garbage', kind: 'shown' },
    ]) {
      const res = await receipt(server, body);
      expect(res.status, JSON.stringify(body)).toBe(204);
      expect(await res.text()).toBe('');
    }
    expect(rows()).toEqual(recorded);
    expect(counts()).toEqual({ shown: 1, clicked: 1, closed: 0 });
  });

  it('refuses a body of the wrong shape with the field and the rule', async () => {
    const server = bootForTest();
    cleanup.push(() => server.close());
    const res = await receipt(server, { token: '1.a.b', kind: 'opened' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        status: 400,
        code: 'validation_failed',
        field: 'kind',
        message: 'kind must be one of shown, clicked, closed',
      },
    });
  });

  it('is rate limited per client like the other public routes (RATE_LIMIT_RECEIPTS)', async () => {
    const server = bootForTest({ RATE_LIMIT_RECEIPTS: '2/1m' });
    cleanup.push(() => server.close());
    const body = { token: 'garbage', kind: 'shown' };
    expect((await receipt(server, body)).status).toBe(204);
    expect((await receipt(server, body)).status).toBe(204);
    const limited = await receipt(server, body);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toContain(
      'set by RATE_LIMIT_RECEIPTS',
    );
  });

  it('with RECEIPTS=off, pushes carry no token and nothing is recorded', async () => {
    const { server, sink, messageId, texts } = await sendAndRead({ RECEIPTS: 'off' });
    cleanup.push(
      () => server.close(),
      () => sink.close(),
    );
    expect(texts[0]).toBe(texts[1]);
    expect(texts[0]).not.toContain('receipt');
    expect(tokenOf(texts[0]!)).toBeUndefined();
    // Even a token made with a secret stored by an earlier run with receipts on records nothing.
    const res = await receipt(server, { token: '1.zzzzzz.AAAAAAAAAAAAAAAAAAAAAA', kind: 'shown' });
    expect(res.status).toBe(204);
    expect(server.db.select().from(messages).where(eq(messages.id, messageId)).get()).toMatchObject({
      shown: 0,
      clicked: 0,
      closed: 0,
    });
  });
});
