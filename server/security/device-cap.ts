import { count, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { perDatabase } from '../db/prepared.ts';
import { subscriptions } from '../db/schema.ts';
import { findByEndpoint } from '../db/subscription-store.ts';
import { ApiException } from '../http/errors.ts';

/**
 * Refuses a new device once the user has `max` (409). Re-subscribing an endpoint the user already owns is an
 * update and always passes; an endpoint named in `replaces` that the user owns is about to go, so it does
 * not count. Call it right before the upsert, with no `await` between, so no other request interleaves.
 */
export function checkDeviceCap(
  db: Db,
  userId: number,
  endpoint: string,
  replaces: string | undefined,
  max: number,
): void {
  const query = queries(db);
  if (findByEndpoint(db, endpoint)?.userId === userId) return;
  let devices = query.devicesOf.get({ userId, max })!.n;
  if (replaces !== undefined && replaces !== endpoint && findByEndpoint(db, replaces)?.userId === userId)
    devices -= 1;
  if (devices >= max) {
    throw new ApiException(
      409,
      'conflict',
      `you already have ${devices} devices, the most one user may have (MAX_DEVICES_PER_USER=${max}); remove one before adding this browser, or raise MAX_DEVICES_PER_USER`,
    );
  }
}

// Run on every subscribe: prepared once per database instead of built by Drizzle each time.
const queries = perDatabase((db) => ({
  // Counts no further than the cap: the check costs the same however many devices a user has.
  devicesOf: db
    .select({ n: count() })
    .from(
      db
        .select({ one: sql`1` })
        .from(subscriptions)
        .where(eq(subscriptions.userId, sql.placeholder('userId')))
        .limit(sql.placeholder('max'))
        .as('capped'),
    )
    .prepare(),
}));
