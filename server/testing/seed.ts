import type { Db } from '../db/client.ts';
import { subscriptions, users } from '../db/schema.ts';
import { browserSubscription } from './harness.ts';

/**
 * Stores `count` subscriptions with real P-256 keys at `${origin}/push/<i>` (i from 1), a user per
 * `perUser` devices, straight into the database (as many POST /api/subscriptions would).
 */
export function seedSubscriptions(db: Db, origin: string, count: number, perUser = 10): number[] {
  return db.transaction(() => {
    const now = new Date();
    const ids: number[] = [];
    let userId = 0;
    for (let i = 1; i <= count; i++) {
      if ((i - 1) % perUser === 0) {
        const name = `user-${(i - 1) / perUser + 1}`;
        userId = db.insert(users).values({ name }).returning({ id: users.id }).get().id;
      }
      const { json } = browserSubscription(`${origin}/push/${i}`);
      const row = db
        .insert(subscriptions)
        .values({
          userId,
          endpoint: json.endpoint,
          p256dh: json.keys.p256dh,
          auth: json.keys.auth,
          contentEncoding: 'aes128gcm',
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: subscriptions.id })
        .get();
      ids.push(row.id);
    }
    return ids;
  });
}

/** Stores a subscription for user 1 without going through the intake's policy (the fan-out must re-check it). */
export function storeEndpoint(db: Db, endpoint: string): number {
  const { keys } = browserSubscription(endpoint).json;
  const now = new Date();
  return db
    .insert(subscriptions)
    .values({ userId: 1, endpoint, ...keys, contentEncoding: 'aes128gcm', createdAt: now, updatedAt: now })
    .returning({ id: subscriptions.id })
    .get().id;
}
