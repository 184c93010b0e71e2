import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { explainAnalyze } from '../../testing/postgres-plan.ts';
import { describePostgres, useMigratedDatabase } from '../../testing/postgres.ts';
import { seedMessage } from '../../testing/postgres-seed.ts';
import {
  CLAIM,
  claimDeliveries,
  releaseClaims,
  renewLeases,
  writeDeliveryOutcomes,
  type ClaimRequest,
  type DeliveryOutcome,
} from './delivery-claims.ts';

describePostgres('delivery claims on Postgres', () => {
  const database = useMigratedDatabase();
  // Two instances: each its own pool, so their claims are concurrent transactions in the server.
  let a: pg.Pool;
  let b: pg.Pool;
  beforeAll(() => {
    a = database.pool(3);
    b = database.pool(3);
  });
  beforeEach(async () => {
    await a.query('TRUNCATE deliveries, messages, subscriptions, users RESTART IDENTITY CASCADE');
  });

  const request = (
    messageId: number,
    instanceId: string,
    over: Partial<ClaimRequest> = {},
  ): ClaimRequest => ({
    messageId,
    encoding: null,
    limit: 64,
    instanceId,
    leaseMs: 30_000,
    ...over,
  });

  async function drain(pool: pg.Pool, messageId: number, instanceId: string): Promise<number[]> {
    const ids: number[] = [];
    for (;;) {
      const page = await claimDeliveries(pool, request(messageId, instanceId));
      if (page.length === 0) return ids;
      ids.push(...page.map((delivery) => delivery.id));
    }
  }

  it('two instances claiming 4,000 deliveries at once take every one, none twice', async () => {
    const { messageId, deliveryIds } = await seedMessage(a, 4000);
    const [byA, byB] = await Promise.all([drain(a, messageId, 'A'), drain(b, messageId, 'B')]);

    expect(byA.length).toBeGreaterThan(0); // both really took part
    expect(byB.length).toBeGreaterThan(0);
    expect(byA.filter((id) => byB.includes(id))).toEqual([]);
    expect([...byA, ...byB].sort((x, y) => x - y)).toEqual(deliveryIds);
    // The rows say the same: each claimed by the instance that got it.
    const rows = await a.query<{ claimed_by: string; n: string }>(
      'SELECT claimed_by, count(*) AS n FROM deliveries GROUP BY claimed_by ORDER BY claimed_by',
    );
    expect(rows.rows.map((row) => [row.claimed_by, Number(row.n)])).toEqual([
      ['A', byA.length],
      ['B', byB.length],
    ]);
  });

  it('a claim reads about a page of rows, not every pending delivery of the message (planner statistics known)', async () => {
    const { messageId } = await seedMessage(a, 6000);
    await a.query('ANALYZE deliveries, subscriptions');
    const plan = await explainAnalyze(a, CLAIM, ['A', 30_000, messageId, 'aes128gcm', 64]);
    expect(plan.nodes.filter((node) => node['Node Type'] === 'Seq Scan')).toEqual([]);
    // 64 claimed (every third device of seedMessage is aesgcm: about 96 walked), each updated once.
    expect(plan.rowsRead('deliveries')).toBeLessThan(400);
    expect(plan.rowsRead('subscriptions')).toBeLessThan(400);
  });

  it('hands out what a push needs, and null for a device removed after enqueueing', async () => {
    const { messageId, deliveryIds } = await seedMessage(a, 3);
    await a.query('DELETE FROM subscriptions WHERE id = 2');
    const page = await claimDeliveries(a, request(messageId, 'A'));
    expect(page).toEqual([
      {
        id: deliveryIds[0],
        push: {
          deliveryId: deliveryIds[0],
          subscriptionId: 1,
          endpoint: 'http://127.0.0.1:9/push/user/1',
          keys: { p256dh: 'p256dh-1', auth: 'auth-1' },
        },
      },
      { id: deliveryIds[1], push: null },
      {
        id: deliveryIds[2],
        push: {
          deliveryId: deliveryIds[2],
          subscriptionId: 3,
          endpoint: 'http://127.0.0.1:9/push/user/3',
          keys: { p256dh: 'p256dh-3', auth: 'auth-3' },
        },
      },
    ]);
  });

  it('claims one encoding at a time, with the deliveries whose device is gone', async () => {
    const { messageId } = await seedMessage(a, 6); // devices 3 and 6 are aesgcm
    await a.query('DELETE FROM subscriptions WHERE id = 6');
    const aesgcm = await claimDeliveries(a, request(messageId, 'A', { encoding: 'aesgcm' }));
    expect(aesgcm.map((delivery) => delivery.push?.subscriptionId ?? null)).toEqual([3, null]);
    const rest = await claimDeliveries(a, request(messageId, 'A', { encoding: 'aes128gcm' }));
    expect(rest.map((delivery) => delivery.push?.subscriptionId)).toEqual([1, 2, 4, 5]);
  });

  it('a lease that runs out is taken over by another instance; until then nobody else gets it', async () => {
    const { messageId, deliveryIds } = await seedMessage(a, 5);
    const first = await claimDeliveries(a, request(messageId, 'A', { leaseMs: 300 }));
    expect(first.map((delivery) => delivery.id)).toEqual(deliveryIds);
    expect(await claimDeliveries(b, request(messageId, 'B'))).toEqual([]);

    await sleep(400);
    const takenOver = await claimDeliveries(b, request(messageId, 'B'));
    expect(takenOver.map((delivery) => delivery.id)).toEqual(deliveryIds);
    // A comes back: its leases are gone, so it renews nothing and knows it lost them.
    expect(await renewLeases(a, 'A', deliveryIds, 30_000)).toEqual([]);
    expect(await renewLeases(b, 'B', deliveryIds, 30_000)).toEqual(deliveryIds);
  });

  it('a renewed lease keeps the deliveries past their first lease', async () => {
    const { messageId, deliveryIds } = await seedMessage(a, 3);
    await claimDeliveries(a, request(messageId, 'A', { leaseMs: 500 }));
    await sleep(250);
    expect(await renewLeases(a, 'A', deliveryIds, 2_000)).toEqual(deliveryIds);
    await sleep(450); // past the first lease, inside the renewed one
    expect(await claimDeliveries(b, request(messageId, 'B'))).toEqual([]);
  });

  it('released claims are taken by the next claimer at once', async () => {
    const { messageId, deliveryIds } = await seedMessage(a, 4);
    await claimDeliveries(a, request(messageId, 'A'));
    expect(await releaseClaims(a, 'A', deliveryIds.slice(0, 2))).toBe(2);
    expect(await releaseClaims(b, 'B', deliveryIds.slice(2))).toBe(0); // not B's to give back
    const next = await claimDeliveries(b, request(messageId, 'B'));
    expect(next.map((delivery) => delivery.id)).toEqual(deliveryIds.slice(0, 2));
  });

  describe('outcomes', () => {
    const outcome = (deliveryId: number, subscriptionId: number | null, over: Partial<DeliveryOutcome>) => ({
      deliveryId,
      subscriptionId,
      outcome: 'delivered' as const,
      status: 201,
      reason: null,
      attempts: 1,
      ...over,
    });

    it('are written once, counted once, whoever writes first; the devices are stamped, counted or removed', async () => {
      const { messageId, deliveryIds } = await seedMessage(a, 3);
      const [d1, d2, d3] = deliveryIds as [number, number, number];
      const batch = [
        outcome(d1, 1, {}),
        outcome(d2, 2, { outcome: 'expired', status: 410, reason: 'gone' }),
        outcome(d3, 3, { outcome: 'failed', status: 500, reason: 'broken', attempts: 3 }),
      ];
      const at = new Date('2026-12-01T10:00:00.000Z');
      // Both instances sent them (a lease ran out mid-send) and write at the same moment.
      const [fromA, fromB] = await Promise.all([
        writeDeliveryOutcomes(a, messageId, batch, at),
        writeDeliveryOutcomes(b, messageId, [...batch].reverse(), at),
      ]);
      expect([...fromA, ...fromB].sort((x, y) => x - y)).toEqual(deliveryIds);

      const message = await a.query('SELECT delivered, expired, failed FROM messages WHERE id = $1', [
        messageId,
      ]);
      expect(message.rows).toEqual([{ delivered: 1, expired: 1, failed: 1 }]);
      const deliveries = await a.query(
        'SELECT outcome, status, reason, attempts FROM deliveries ORDER BY id',
      );
      expect(deliveries.rows).toEqual([
        { outcome: 'delivered', status: 201, reason: null, attempts: 1 },
        { outcome: 'expired', status: 410, reason: 'gone', attempts: 1 },
        { outcome: 'failed', status: 500, reason: 'broken', attempts: 3 },
      ]);
      const devices = await a.query(
        'SELECT id, last_success_at, last_failure_at, failure_count FROM subscriptions ORDER BY id',
      );
      expect(devices.rows).toEqual([
        { id: 1, last_success_at: at, last_failure_at: null, failure_count: 0 },
        { id: 3, last_success_at: null, last_failure_at: at, failure_count: 1 },
      ]);
      // Written deliveries are never claimed again.
      expect(await claimDeliveries(a, request(messageId, 'A'))).toEqual([]);
    });

    it('a delivery whose device was gone is recorded without touching any subscription', async () => {
      const { messageId, deliveryIds } = await seedMessage(a, 1);
      const written = await writeDeliveryOutcomes(
        a,
        messageId,
        [
          outcome(deliveryIds[0]!, null, {
            outcome: 'expired',
            status: null,
            reason: 'removed',
            attempts: 0,
          }),
        ],
        new Date(),
      );
      expect(written).toEqual(deliveryIds);
      const devices = await a.query('SELECT id, failure_count FROM subscriptions');
      expect(devices.rows).toEqual([{ id: 1, failure_count: 0 }]);
    });
  });
});
