// The users table: the demo sign-in's users, looked up by session, by name, and listed with their devices.
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { param, perDatabase } from './prepared.ts';
import { sessions, subscriptions, users } from './schema.ts';
import type { SubscriptionRow } from './subscription-store.ts';

export interface UserName {
  id: number;
  name: string;
}

export type UserRow = typeof users.$inferSelect;

/** The user an unexpired user session (by the SHA-256 of its cookie) belongs to. */
export function userOfSession(db: Db, idHash: string, now: number): UserName | undefined {
  return queries(db).bySession.get({ idHash, now });
}

/** The user with this (trimmed) name, created if there is none. */
export function findOrCreateUser(db: Db, name: string): UserName {
  const query = queries(db);
  return query.byName.get({ name }) ?? query.insert.get({ name, createdAt: Date.now() })!;
}

/** Every user by name, each with their devices in the order they subscribed. */
export function usersWithDevices(db: Db): { user: UserRow; devices: SubscriptionRow[] }[] {
  const byId = new Map<number, { user: UserRow; devices: SubscriptionRow[] }>();
  for (const user of db.select().from(users).orderBy(asc(users.name)).all()) {
    byId.set(user.id, { user, devices: [] });
  }
  for (const row of db.select().from(subscriptions).orderBy(asc(subscriptions.id)).all()) {
    byId.get(row.userId)?.devices.push(row);
  }
  return [...byId.values()];
}

/** Which of these user ids exist. */
export function existingUserIds(db: Db, ids: readonly number[]): Set<number> {
  const unique = [...new Set(ids)];
  const rows = db.select({ id: users.id }).from(users).where(inArray(users.id, unique)).all();
  return new Set(rows.map((row) => row.id));
}

// Every API call of a signed-in user, and every sign-in, runs these: prepared once per database, they skip
// Drizzle's per-call query building (placeholders bind as given, so times are Unix milliseconds, as stored).
const queries = perDatabase((db) => {
  const columns = { id: users.id, name: users.name };
  return {
    bySession: db
      .select(columns)
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.idHash, sql.placeholder('idHash')),
          eq(sessions.kind, 'user'),
          gt(sessions.expiresAt, sql.placeholder('now')),
        ),
      )
      .prepare(),
    byName: db
      .select(columns)
      .from(users)
      .where(eq(users.name, sql.placeholder('name')))
      .prepare(),
    insert: db
      .insert(users)
      .values({ name: sql.placeholder('name'), createdAt: param('createdAt') })
      .returning(columns)
      .prepare(),
  };
});
