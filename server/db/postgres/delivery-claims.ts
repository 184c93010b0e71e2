// The deliveries of a message shared by several instances: each takes pages with a lease (claimed_by,
// claimed_until), renews the leases of what it is still sending, and writes outcomes once, whoever got
// there first. An instance that dies loses its claims when the lease runs out; another takes them over.
import type pg from 'pg';
import type { ContentEncoding } from '@starter-kit/webpush/node';
import { inTransactionRetryingDeadlocks } from './transaction.ts';

/** A claimed delivery with what its push needs; `push` is null when the device was removed since. */
export interface LeasedDelivery {
  id: number;
  push: {
    deliveryId: number;
    subscriptionId: number;
    endpoint: string;
    keys: { p256dh: string; auth: string };
  } | null;
}

export interface ClaimRequest {
  messageId: number;
  /** Only deliveries to devices of this encoding (and those whose device is gone); null: any. */
  encoding: ContentEncoding | null;
  limit: number;
  /** This instance's id, unique per process: what claimed_by records. */
  instanceId: string;
  leaseMs: number;
}

/** One written outcome, as the fan-out hands it over. */
export interface DeliveryOutcome {
  deliveryId: number;
  /** Null when the device was already gone: nothing was sent, the subscription is not touched. */
  subscriptionId: number | null;
  outcome: 'delivered' | 'expired' | 'failed';
  status: number | null;
  reason: string | null;
  /** Requests made for this outcome (retries included). */
  attempts: number;
}

// Pending rows nobody holds (never claimed, or their lease ran out), oldest first. FOR UPDATE SKIP LOCKED
// passes over rows another instance is claiming this instant, so two claimers never wait for or take the
// same rows; a row claimed and committed meanwhile is re-checked against the lease and left out.
// Times are the database's (now()), one clock for every instance.
// The device's encoding is looked up row by row (a subquery on its primary key), not joined: with a join
// the planner hashed every pending delivery of the message and every subscription for each page, so a
// message cost O(devices^2 / page); this way the walk down deliveries_message_outcome_idx stops at the limit.
export const CLAIM = `
WITH claimed AS (
  UPDATE deliveries d
  SET claimed_by = $1, claimed_until = now() + $2 * interval '1 millisecond', claimed_at = now()
  WHERE d.id IN (
    SELECT c.id FROM deliveries c
    WHERE c.message_id = $3 AND c.outcome = 'pending'
      AND (c.claimed_until IS NULL OR c.claimed_until < now())
      AND ($4::text IS NULL
        OR coalesce((SELECT s.content_encoding FROM subscriptions s WHERE s.id = c.subscription_id), $4::text)
          = $4::text)
    ORDER BY c.id
    LIMIT $5
    FOR UPDATE OF c SKIP LOCKED
  )
  RETURNING d.id, d.subscription_id
)
SELECT claimed.id::float8 AS id, s.id AS subscription_id, s.endpoint, s.p256dh, s.auth
FROM claimed LEFT JOIN subscriptions s ON s.id = claimed.subscription_id
ORDER BY claimed.id`;

interface ClaimRow {
  id: number;
  subscription_id: number | null;
  endpoint: string | null;
  p256dh: string | null;
  auth: string | null;
}

/** Claims up to `limit` pending deliveries of the message for `leaseMs`; the claim is committed on return. */
export async function claimDeliveries(pool: pg.Pool, request: ClaimRequest): Promise<LeasedDelivery[]> {
  const { rows } = await pool.query<ClaimRow>({
    name: 'webpush-claim-deliveries',
    text: CLAIM,
    values: [request.instanceId, request.leaseMs, request.messageId, request.encoding, request.limit],
  });
  return rows.map(({ id, subscription_id, endpoint, p256dh, auth }) => ({
    id,
    push:
      subscription_id !== null && endpoint && p256dh && auth
        ? { deliveryId: id, subscriptionId: subscription_id, endpoint, keys: { p256dh, auth } }
        : null,
  }));
}

/**
 * Extends the leases of the given deliveries that this instance still holds (pending, claimed by it);
 * returns those ids. One that is missing was taken over after its lease ran out, or has its outcome.
 */
export async function renewLeases(
  pool: pg.Pool,
  instanceId: string,
  deliveryIds: readonly number[],
  leaseMs: number,
): Promise<number[]> {
  if (deliveryIds.length === 0) return [];
  const { rows } = await pool.query<{ id: number }>({
    name: 'webpush-renew-leases',
    text: `UPDATE deliveries SET claimed_until = now() + $1 * interval '1 millisecond'
           WHERE id = ANY($2::bigint[]) AND claimed_by = $3 AND outcome = 'pending'
           RETURNING id::float8 AS id`,
    values: [leaseMs, deliveryIds, instanceId],
  });
  return rows.map((row) => row.id).sort((a, b) => a - b);
}

/** Gives back claims without an outcome (a graceful stop), so other instances take them at once. */
export async function releaseClaims(
  pool: pg.Pool,
  instanceId: string,
  deliveryIds: readonly number[],
): Promise<number> {
  if (deliveryIds.length === 0) return 0;
  const { rowCount } = await pool.query({
    text: `UPDATE deliveries SET claimed_until = NULL
           WHERE id = ANY($1::bigint[]) AND claimed_by = $2 AND outcome = 'pending'`,
    values: [deliveryIds, instanceId],
  });
  return rowCount ?? 0;
}

// Idempotent: only a pending delivery takes an outcome, whichever instance sent it (one whose lease ran
// out may have sent it too). Rows written by a concurrent writer are locked, then re-checked and skipped.
const WRITE_OUTCOMES = `
UPDATE deliveries d
SET outcome = i.outcome, status = i.status, reason = i.reason, attempts = d.attempts + i.attempts,
    updated_at = $7
FROM unnest($2::bigint[], $3::text[], $4::int[], $5::text[], $6::int[]) AS i(id, outcome, status, reason, attempts)
WHERE d.id = i.id AND d.message_id = $1 AND d.outcome = 'pending'
RETURNING d.id::float8 AS id, d.outcome, d.subscription_id`;

/**
 * Writes a batch of outcomes of one message, their effect on the subscriptions (stamped, failure counted,
 * deleted when expired) and the message's counts, in one transaction. Returns the delivery ids written;
 * an outcome for a delivery that already has one is left out and not counted.
 */
export async function writeDeliveryOutcomes(
  pool: pg.Pool,
  messageId: number,
  batch: readonly DeliveryOutcome[],
  at: Date,
): Promise<number[]> {
  if (batch.length === 0) return [];
  // In id order, so concurrent writers mostly lock rows in the same order (a deadlock is retried anyway).
  const sorted = [...batch].sort((a, b) => a.deliveryId - b.deliveryId);
  const bySubscription = new Map(sorted.map((entry) => [entry.deliveryId, entry.subscriptionId]));
  return inTransactionRetryingDeadlocks(pool, async (client) => {
    const { rows } = await client.query<{ id: number; outcome: DeliveryOutcome['outcome'] }>({
      name: 'webpush-write-outcomes',
      text: WRITE_OUTCOMES,
      values: [
        messageId,
        sorted.map((entry) => entry.deliveryId),
        sorted.map((entry) => entry.outcome),
        sorted.map((entry) => entry.status),
        sorted.map((entry) => entry.reason),
        sorted.map((entry) => entry.attempts),
        at,
      ],
    });
    const written = { delivered: [] as number[], expired: [] as number[], failed: [] as number[] };
    for (const row of rows) {
      const subscriptionId = bySubscription.get(row.id);
      if (subscriptionId != null) written[row.outcome].push(subscriptionId);
    }
    const count = (outcome: DeliveryOutcome['outcome']) =>
      rows.filter((row) => row.outcome === outcome).length;
    await client.query({
      name: 'webpush-add-counts',
      text: 'UPDATE messages SET delivered = delivered + $2, expired = expired + $3, failed = failed + $4 WHERE id = $1',
      values: [messageId, count('delivered'), count('expired'), count('failed')],
    });
    await recordDeviceOutcomes(client, written, at);
    return rows.map((row) => row.id).sort((a, b) => a - b);
  });
}

/** Success stamps a device, failure counts against it, expiry (404/410) deletes it. */
async function recordDeviceOutcomes(
  client: pg.PoolClient,
  subscriptionIds: { delivered: number[]; expired: number[]; failed: number[] },
  at: Date,
): Promise<void> {
  if (subscriptionIds.delivered.length > 0) {
    await client.query(
      'UPDATE subscriptions SET last_success_at = $2, failure_count = 0 WHERE id = ANY($1::int[])',
      [subscriptionIds.delivered.sort((a, b) => a - b), at],
    );
  }
  if (subscriptionIds.failed.length > 0) {
    // One message has one delivery per device, so each id is here once.
    await client.query(
      `UPDATE subscriptions SET last_failure_at = $2, failure_count = failure_count + 1
       WHERE id = ANY($1::int[])`,
      [subscriptionIds.failed.sort((a, b) => a - b), at],
    );
  }
  if (subscriptionIds.expired.length > 0) {
    await client.query('DELETE FROM subscriptions WHERE id = ANY($1::int[])', [subscriptionIds.expired]);
  }
}
