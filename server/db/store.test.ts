import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describePostgres, useMigratedDatabase } from '../testing/postgres.ts';
import { openPostgresStore } from './postgres/store.ts';
import { openSqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

// One suite, both databases: every store method must give the same answer on SQLite and on Postgres.

const origin = (endpoint: string) => new URL(endpoint).origin;
const device = (userId: number, n: number, contentEncoding: 'aes128gcm' | 'aesgcm' = 'aes128gcm') => ({
  userId,
  endpoint: `https://push-${n % 2}.example/push/${n}`,
  p256dh: `p256dh-${n}`,
  auth: `auth-${n}`,
  contentEncoding,
  userAgent: null,
});
const message = (target: { type: 'all' } | { type: 'users'; userIds: number[] } = { type: 'all' }) => ({
  title: 'Hello',
  body: 'World',
  ttl: 60,
  urgency: 'normal' as const,
  target,
});

function contract(useStore: () => Store) {
  let store: Store;
  beforeEach(() => {
    store = useStore();
  });

  it('sessions: found while live and of their kind, deleted by hash, by kind and once expired', async () => {
    const user = await store.users.findOrCreate('ada');
    await store.sessions.insert({ idHash: 'u1', kind: 'user', userId: user.id, expiresAt: 2_000 });
    await store.sessions.insert({ idHash: 'a1', kind: 'admin', userId: null, expiresAt: 5_000 });
    expect(await store.sessions.findLive('u1', 'user', 1_999)).toEqual({
      idHash: 'u1',
      kind: 'user',
      userId: user.id,
      createdAt: expect.any(Date),
      expiresAt: new Date(2_000),
    });
    expect(await store.sessions.findLive('u1', 'user', 2_000)).toBeUndefined(); // expired
    expect(await store.sessions.findLive('u1', 'admin', 1_000)).toBeUndefined(); // other kind
    expect(await store.users.ofSession('u1', 1_000)).toEqual({ id: user.id, name: 'ada' });
    expect(await store.users.ofSession('a1', 1_000)).toBeUndefined(); // an admin session has no user
    await store.sessions.deleteExpired(3_000);
    expect(await store.sessions.findLive('u1', 'user', 0)).toBeUndefined();
    expect(await store.sessions.findLive('a1', 'admin', 0)).toBeDefined();
    await store.sessions.deleteOfKind('admin');
    expect(await store.sessions.findLive('a1', 'admin', 0)).toBeUndefined();
    await store.sessions.insert({ idHash: 'u2', kind: 'user', userId: user.id, expiresAt: 9_000 });
    await store.sessions.deleteByHash('u2');
    expect(await store.sessions.findLive('u2', 'user', 0)).toBeUndefined();
  });

  it('users: one row per name, listed by name with their devices in subscribe order', async () => {
    const bob = await store.users.findOrCreate('bob');
    const ada = await store.users.findOrCreate('ada');
    expect(await store.users.findOrCreate('bob')).toEqual(bob);
    await store.subscriptions.upsert(device(bob.id, 2), { maxDevices: 5 });
    await store.subscriptions.upsert(device(bob.id, 1), { maxDevices: 5 });
    const listed = await store.users.withDevices();
    expect(listed.map(({ user, devices }) => [user.name, devices.map((d) => d.endpoint)])).toEqual([
      ['ada', []],
      ['bob', ['https://push-0.example/push/2', 'https://push-1.example/push/1']],
    ]);
    expect(await store.users.existingIds([ada.id, bob.id, bob.id, 999])).toEqual(new Set([ada.id, bob.id]));
    expect(await store.users.existingIds([])).toEqual(new Set());
  });

  it('settings: set overwrites, setIfAbsent keeps the first value and says whether it made it', async () => {
    expect(await store.settings.get('k')).toBeUndefined();
    expect(await store.settings.setIfAbsent('k', 'first')).toEqual({ value: 'first', created: true });
    expect(await store.settings.setIfAbsent('k', 'second')).toEqual({ value: 'first', created: false });
    await store.settings.set('k', 'third');
    expect(await store.settings.get('k')).toBe('third');
  });

  describe('subscriptions', () => {
    it('an endpoint is one device: subscribing again updates keys and owner and resets failures', async () => {
      const ada = await store.users.findOrCreate('ada');
      const bob = await store.users.findOrCreate('bob');
      const first = await store.subscriptions.upsert(device(ada.id, 1), { maxDevices: 5 });
      expect(first).toEqual({
        created: true,
        row: {
          id: expect.any(Number),
          ...device(ada.id, 1),
          createdAt: expect.any(Date),
          updatedAt: expect.any(Date),
          lastSuccessAt: null,
          lastFailureAt: null,
          failureCount: 0,
        },
      });
      const id = first.refused ? 0 : first.row.id;
      await store.subscriptions.recordOutcome(
        id,
        { outcome: 'failed', status: 500, reason: 'x' },
        new Date(7),
      );
      const again = await store.subscriptions.upsert(
        { ...device(bob.id, 1), p256dh: 'new' },
        { maxDevices: 5 },
      );
      expect(again).toMatchObject({
        created: false,
        row: { id, userId: bob.id, p256dh: 'new', failureCount: 0 },
      });
      expect(await store.subscriptions.findByEndpoint(device(0, 1).endpoint)).toEqual({ id, userId: bob.id });
      expect(await store.subscriptions.ofUser(ada.id)).toEqual([]);
    });

    it('refuses a device past the cap, except an update of an owned endpoint or one that replaces another', async () => {
      const ada = await store.users.findOrCreate('ada');
      await store.subscriptions.upsert(device(ada.id, 1), { maxDevices: 2 });
      await store.subscriptions.upsert(device(ada.id, 2), { maxDevices: 2 });
      expect(await store.subscriptions.upsert(device(ada.id, 3), { maxDevices: 2 })).toEqual({
        refused: 'device-cap',
        devices: 2,
      });
      expect(await store.subscriptions.upsert(device(ada.id, 2), { maxDevices: 2 })).toMatchObject({
        created: false,
      });
      const replaced = await store.subscriptions.upsert(device(ada.id, 3), {
        maxDevices: 2,
        replaces: device(ada.id, 1).endpoint,
      });
      expect(replaced).toMatchObject({ created: true });
      expect((await store.subscriptions.ofUser(ada.id)).map((d) => d.endpoint)).toEqual([
        device(0, 2).endpoint,
        device(0, 3).endpoint,
      ]);
      expect(await store.subscriptions.countUpTo(ada.id, 5)).toBe(2);
      expect(await store.subscriptions.countUpTo(ada.id, 1)).toBe(1);
    });

    it('outcomes stamp, count and remove devices; a user deletes only their own', async () => {
      const ada = await store.users.findOrCreate('ada');
      const bob = await store.users.findOrCreate('bob');
      const ids: number[] = [];
      for (const n of [1, 2, 3]) {
        const result = await store.subscriptions.upsert(device(ada.id, n), { maxDevices: 5 });
        if (!result.refused) ids.push(result.row.id);
      }
      const [one, two, three] = ids as [number, number, number];
      await store.subscriptions.recordOutcome(
        one,
        { outcome: 'delivered', status: 201, reason: null },
        new Date(5),
      );
      await store.subscriptions.recordOutcome(
        two,
        { outcome: 'failed', status: 500, reason: 'x' },
        new Date(6),
      );
      await store.subscriptions.recordOutcome(
        two,
        { outcome: 'failed', status: 500, reason: 'x' },
        new Date(7),
      );
      await store.subscriptions.recordOutcome(
        three,
        { outcome: 'expired', status: 410, reason: 'gone' },
        new Date(8),
      );
      const rows = await store.subscriptions.ofUser(ada.id);
      expect(rows.map((r) => [r.id, r.lastSuccessAt, r.lastFailureAt, r.failureCount])).toEqual([
        [one, new Date(5), null, 0],
        [two, null, new Date(7), 2],
      ]);
      expect(await store.subscriptions.deleteOwn(bob.id, one)).toBe(false);
      expect(await store.subscriptions.deleteOwn(ada.id, one)).toBe(true);
      expect(await store.subscriptions.deleteOwn(ada.id, one)).toBe(false);
    });
  });

  describe('messages and deliveries', () => {
    /** The first three pending aes128gcm deliveries of the message, claimed. */
    async function claimThree(messageId: number) {
      const claim = {
        messageId,
        encoding: 'aes128gcm' as const,
        limit: 9,
        instanceId: 'me',
        leaseMs: 30_000,
      };
      const [a, b, c] = await store.deliveries.claim(claim);
      return [a!, b!, c!] as const;
    }

    async function twoUsers() {
      const ada = await store.users.findOrCreate('ada');
      const bob = await store.users.findOrCreate('bob');
      for (const n of [1, 2, 3])
        await store.subscriptions.upsert(device(ada.id, n, n === 2 ? 'aesgcm' : 'aes128gcm'), {
          maxDevices: 9,
        });
      await store.subscriptions.upsert(device(bob.id, 4), { maxDevices: 9 });
      return { ada, bob };
    }

    it('a message is stored with one pending delivery per targeted device, each naming its push service', async () => {
      const { ada, bob } = await twoUsers();
      const all = await store.messages.insertWithDeliveries(message(), origin);
      expect(all).toMatchObject({
        title: 'Hello',
        status: 'queued',
        total: 4,
        delivered: 0,
        actions: [],
        silent: false,
      });
      const page = await store.deliveries.page(all.id, { limit: 10, after: 0 });
      expect(page.nextAfter).toBeNull();
      expect(page.rows.map((r) => [r.userName, r.pushService, r.outcome, r.attempts])).toEqual([
        ['ada', 'https://push-1.example', 'pending', 0],
        ['ada', 'https://push-0.example', 'pending', 0],
        ['ada', 'https://push-1.example', 'pending', 0],
        ['bob', 'https://push-0.example', 'pending', 0],
      ]);
      expect(Object.keys(page.rows[0]!).sort()).toEqual(
        [
          'id',
          'messageId',
          'subscriptionId',
          'pushService',
          'userId',
          'userName',
          'outcome',
          'status',
          'reason',
          'attempts',
          'claimedAt',
          'shownAt',
          'clickedAt',
          'clickedAction',
          'closedAt',
          'createdAt',
          'updatedAt',
        ].sort(),
      );
      const toBob = await store.messages.insertWithDeliveries(
        message({ type: 'users', userIds: [bob.id] }),
        origin,
      );
      expect(toBob.total).toBe(1);
      const nobody = await store.messages.insertWithDeliveries(
        message({ type: 'users', userIds: [999] }),
        origin,
      );
      expect(nobody).toMatchObject({
        total: 0,
        status: 'done',
        startedAt: expect.any(Date),
        finishedAt: expect.any(Date),
      });
      expect((await store.messages.recent(2)).map((m) => m.id)).toEqual([nobody.id, toBob.id]);
      expect(await store.messages.unfinishedIds()).toEqual([all.id, toBob.id]);
      expect((await store.messages.byId(toBob.id))?.target).toEqual({ type: 'users', userIds: [bob.id] });
      expect(await store.messages.byId(999)).toBeUndefined();
      expect(ada.id).not.toBe(bob.id);
    });

    it('pages a message deliveries by id, optionally of one outcome', async () => {
      await twoUsers();
      const { id } = await store.messages.insertWithDeliveries(message(), origin);
      const first = await store.deliveries.page(id, { limit: 3, after: 0 });
      expect(first.rows).toHaveLength(3);
      expect(first.nextAfter).toBe(first.rows[2]!.id);
      const rest = await store.deliveries.page(id, { limit: 3, after: first.nextAfter! });
      expect(rest.rows).toHaveLength(1);
      expect(rest.nextAfter).toBeNull();
      expect((await store.deliveries.page(id, { limit: 9, after: 0, outcome: 'failed' })).rows).toEqual([]);
    });

    it('claims per encoding with a lease: held deliveries are not handed out again until released or expired', async () => {
      await twoUsers();
      const { id } = await store.messages.insertWithDeliveries(message(), origin);
      const claim = {
        messageId: id,
        encoding: 'aes128gcm' as const,
        limit: 2,
        instanceId: 'me',
        leaseMs: 30_000,
      };
      expect(await store.deliveries.countPending(id, 'aes128gcm')).toBe(3);
      expect(await store.deliveries.countPending(id, 'aesgcm')).toBe(1);
      const first = await store.deliveries.claim(claim);
      expect(first.map((d) => d.push?.endpoint)).toEqual([device(0, 1).endpoint, device(0, 3).endpoint]);
      expect(first[0]!.push).toEqual({
        deliveryId: first[0]!.id,
        subscriptionId: expect.any(Number),
        endpoint: device(0, 1).endpoint,
        keys: { p256dh: 'p256dh-1', auth: 'auth-1' },
      });
      const second = await store.deliveries.claim(claim);
      expect(second.map((d) => d.push?.endpoint)).toEqual([device(0, 4).endpoint]);
      expect(await store.deliveries.claim(claim)).toEqual([]);
      const aesgcm = await store.deliveries.claim({ ...claim, encoding: 'aesgcm' });
      expect(aesgcm.map((d) => d.push?.endpoint)).toEqual([device(0, 2).endpoint]);

      const held = first.map((d) => d.id);
      expect(await store.deliveries.renew('me', held, 30_000)).toEqual(held);
      expect(await store.deliveries.release('me', [held[0]!])).toBe(1);
      expect((await store.deliveries.claim(claim)).map((d) => d.id)).toEqual([held[0]]);

      // One lease length per process (SQLite measures a lease from its claim with the claimer's length).
      const brief = { ...claim, encoding: 'aesgcm' as const, leaseMs: 50 };
      await store.deliveries.release(
        'me',
        aesgcm.map((d) => d.id),
      );
      expect((await store.deliveries.claim(brief)).map((d) => d.id)).toEqual(aesgcm.map((d) => d.id));
      expect(await store.deliveries.claim(brief)).toEqual([]); // held
      await sleep(120);
      expect((await store.deliveries.claim(brief)).map((d) => d.id)).toEqual(aesgcm.map((d) => d.id)); // the 50 ms lease ran out
    });

    it('outcomes are written once and counted once; the message is done when none is pending', async () => {
      await twoUsers();
      const { id } = await store.messages.insertWithDeliveries(message({ type: 'all' }), origin);
      await store.messages.markSending(id, new Date(1_000));
      await store.messages.markSending(id, new Date(2_000)); // keeps the first start
      const [a, b, c] = await claimThree(id);
      const outcomes = [
        {
          deliveryId: a.id,
          subscriptionId: a.push!.subscriptionId,
          result: { outcome: 'delivered' as const, status: 201, reason: null },
          attempts: 1,
        },
        {
          deliveryId: b.id,
          subscriptionId: b.push!.subscriptionId,
          result: { outcome: 'expired' as const, status: 410, reason: 'gone' },
          attempts: 2,
        },
      ];
      await store.deliveries.writeOutcomes(id, outcomes, new Date(3_000));
      await store.deliveries.writeOutcomes(id, outcomes, new Date(4_000)); // a repeat changes nothing
      expect(await store.messages.byId(id)).toMatchObject({
        status: 'sending',
        startedAt: new Date(1_000),
        delivered: 1,
        expired: 1,
        failed: 0,
      });
      expect(await store.messages.finishIfComplete(id, new Date(5_000))).toBe(false);
      expect(await store.deliveries.hasPending(id)).toBe(true);
      const rest = [
        ...[
          c,
          ...(await store.deliveries.claim({
            messageId: id,
            encoding: 'aesgcm',
            limit: 9,
            instanceId: 'me',
            leaseMs: 30_000,
          })),
        ],
      ].map((d) => ({
        deliveryId: d.id,
        subscriptionId: null,
        result: { outcome: 'failed' as const, status: null, reason: 'r' },
        attempts: 0,
      }));
      await store.deliveries.writeOutcomes(id, rest, new Date(6_000));
      expect(await store.deliveries.hasPending(id)).toBe(false);
      expect(await store.messages.finishIfComplete(id, new Date(7_000))).toBe(true);
      expect(await store.messages.byId(id)).toMatchObject({
        status: 'done',
        delivered: 1,
        expired: 1,
        failed: 2,
        finishedAt: new Date(7_000),
      });
      const rows = (await store.deliveries.page(id, { limit: 9, after: 0 })).rows;
      expect(rows.map((r) => [r.outcome, r.status, r.reason, r.attempts, r.updatedAt])).toEqual([
        ['delivered', 201, null, 1, new Date(3_000)],
        ['failed', null, 'r', 0, new Date(6_000)],
        ['expired', 410, 'gone', 2, new Date(3_000)],
        ['failed', null, 'r', 0, new Date(6_000)],
      ]);
      // The expired device is gone; the one that took the message is stamped.
      expect(await store.subscriptions.findByEndpoint(device(0, 3).endpoint)).toBeUndefined();
      const ada = await store.subscriptions.ofUser(1);
      expect(ada.find((d) => d.endpoint === device(0, 1).endpoint)?.lastSuccessAt).toEqual(new Date(3_000));
      expect(await store.messages.unfinishedIds()).toEqual([]);
    });

    it('accepted pushes of one batch with other statuses and attempt counts: each row and device exact', async () => {
      await twoUsers();
      const { id } = await store.messages.insertWithDeliveries(message(), origin);
      const [a, b, c] = await claimThree(id);
      for (const d of [a, b])
        await store.subscriptions.recordOutcome(
          d.push!.subscriptionId,
          { outcome: 'failed', status: 500, reason: 'x' },
          new Date(1),
        );
      const accepted = (d: typeof a, status: number, attempts: number) => ({
        deliveryId: d.id,
        subscriptionId: d.push!.subscriptionId,
        result: { outcome: 'delivered' as const, status, reason: null },
        attempts,
      });
      await store.deliveries.writeOutcomes(id, [accepted(a, 201, 1), accepted(b, 202, 3)], new Date(2_000));
      await store.deliveries.writeOutcomes(id, [accepted(b, 201, 1), accepted(c, 201, 1)], new Date(3_000));
      expect(await store.messages.byId(id)).toMatchObject({ delivered: 3, expired: 0, failed: 0 });
      const rows = (await store.deliveries.page(id, { limit: 9, after: 0 })).rows;
      const byId = new Map(rows.map((r) => [r.id, [r.outcome, r.status, r.reason, r.attempts, r.updatedAt]]));
      expect([byId.get(a.id), byId.get(b.id), byId.get(c.id)]).toEqual([
        ['delivered', 201, null, 1, new Date(2_000)],
        ['delivered', 202, null, 3, new Date(2_000)], // recorded once: the second batch left it
        ['delivered', 201, null, 1, new Date(3_000)],
      ]);
      const devices = [...(await store.subscriptions.ofUser(1)), ...(await store.subscriptions.ofUser(2))];
      const device = (d: typeof a) => devices.find((row) => row.id === d.push!.subscriptionId)!;
      expect([a, b, c].map((d) => [device(d).lastSuccessAt, device(d).failureCount])).toEqual([
        [new Date(2_000), 0],
        [new Date(2_000), 0],
        [new Date(3_000), 0],
      ]);
    });

    it('receipts: each kind written once, a click records the show it proves, counts move with them', async () => {
      await twoUsers();
      const { id } = await store.messages.insertWithDeliveries(message(), origin);
      const [first, second] = (await store.deliveries.page(id, { limit: 2, after: 0 })).rows.map((row) => ({
        id: row.id,
      })) as [{ id: number }, { id: number }];
      expect(await store.receipts.record({ deliveryId: first.id, kind: 'shown', at: new Date(10) })).toEqual([
        'shown',
      ]);
      expect(await store.receipts.record({ deliveryId: first.id, kind: 'shown', at: new Date(11) })).toEqual(
        [],
      );
      expect(
        await store.receipts.record({
          deliveryId: second.id,
          kind: 'clicked',
          action: 'open',
          at: new Date(12),
        }),
      ).toEqual(['shown', 'clicked']);
      expect(await store.receipts.record({ deliveryId: 999_999, kind: 'closed', at: new Date(13) })).toEqual(
        [],
      );
      expect(await store.messages.byId(id)).toMatchObject({ shown: 2, clicked: 1, closed: 0 });
      const rows = (await store.deliveries.page(id, { limit: 2, after: 0 })).rows;
      expect(rows.map((r) => [r.shownAt, r.clickedAt, r.clickedAction])).toEqual([
        [new Date(10), null, null],
        [new Date(12), new Date(12), 'open'],
      ]);
    });

    it('schedules: stored without deliveries, claimed once at its time or on request, or cancelled', async () => {
      const { ada } = await twoUsers();
      const at = new Date('2030-01-01T09:00:00Z');
      const first = await store.schedules.insert(message(), at);
      const second = await store.schedules.insert(
        message({ type: 'users', userIds: [ada.id] }),
        new Date(at.getTime() + 1000),
      );
      const third = await store.schedules.insert(message(), new Date(at.getTime() + 2000));
      expect(first).toMatchObject({ status: 'scheduled', sendAt: at, total: 0 });
      expect(await store.messages.unfinishedIds()).toEqual([]);
      expect(await store.schedules.nextSendAt()).toEqual(at);

      expect(await store.schedules.claim({ at: new Date(at.getTime() - 1) }, origin)).toEqual([]);
      const claimed = await store.schedules.claim({ at: new Date(at.getTime() + 1000) }, origin);
      expect(claimed.map((row) => [row.id, row.status, row.total])).toEqual([
        [first.id, 'queued', 4],
        [second.id, 'queued', 3],
      ]);
      // Two claimers at once (two instances): each message goes to exactly one of them.
      const [a, b] = await Promise.all([
        store.schedules.claim({ at: new Date(at.getTime() + 5000) }, origin),
        store.schedules.claim({ id: third.id }, origin),
      ]);
      expect([...a, ...b].map((row) => row.id)).toEqual([third.id]);
      expect(await store.schedules.claim({ id: first.id }, origin)).toEqual([]);
      expect((await store.deliveries.page(third.id, { limit: 10, after: 0 })).rows).toHaveLength(4);

      const cancelled = await store.schedules.insert(message(), at);
      expect(await store.schedules.cancel(cancelled.id)).toMatchObject({ status: 'cancelled' });
      expect(await store.schedules.cancel(cancelled.id)).toBeUndefined();
      expect(await store.schedules.claim({ at: new Date(at.getTime() + 9000) }, origin)).toEqual([]);
      expect(await store.schedules.nextSendAt()).toBeNull();
      expect(await store.messages.unfinishedIds()).toEqual([first.id, second.id, third.id]);
    });

    it('expiry: pending deliveries marked expired and counted once; the funnel counts over time', async () => {
      await twoUsers();
      const { id } = await store.messages.insertWithDeliveries(message(), origin);
      const [first, second] = (await store.deliveries.page(id, { limit: 4, after: 0 })).rows;
      const start = new Date(1_000_000);
      await store.deliveries.writeOutcomes(
        id,
        [
          {
            deliveryId: first!.id,
            subscriptionId: null,
            result: { outcome: 'delivered', status: 201, reason: null },
            attempts: 1,
          },
        ],
        new Date(1_001_000),
      );
      await store.receipts.record({ deliveryId: first!.id, kind: 'shown', at: new Date(1_002_000) });
      await store.receipts.record({ deliveryId: first!.id, kind: 'clicked', at: new Date(1_004_000) });
      expect(await store.deliveries.expirePending(id, new Date(1_005_000))).toBe(3);
      expect(await store.deliveries.expirePending(id, new Date(1_006_000))).toBe(0);
      expect(await store.messages.byId(id)).toMatchObject({ delivered: 1, expired: 3 });
      const rows = (await store.deliveries.page(id, { limit: 4, after: 0 })).rows;
      expect(rows.map((row) => row.outcome)).toEqual(['delivered', 'expired', 'expired', 'expired']);
      expect(rows[1]).toMatchObject({
        id: second!.id,
        reason: 'the message expired before it reached the device',
      });

      expect(await store.funnel.timeline(id, start, start, 2)).toEqual([
        { at: new Date(1_002_000), accepted: 1, shown: 1, clicked: 0, closed: 0 },
        { at: new Date(1_004_000), accepted: 1, shown: 1, clicked: 1, closed: 0 },
      ]);
    });
  });
}

describe('Store on SQLite', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());
  contract(() => (store = openSqliteStore(':memory:')));
});

describePostgres('Store on Postgres', () => {
  const database = useMigratedDatabase();
  let store: Store | undefined;
  beforeEach(async () => {
    const pool = database.pool(1);
    await pool.query(
      'TRUNCATE deliveries, messages, subscriptions, users, sessions, settings RESTART IDENTITY CASCADE',
    );
  });
  afterEach(async () => store?.close());
  contract(() => (store = openPostgresStore(database.url, { max: 3 })));
});
