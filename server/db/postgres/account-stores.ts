// Sessions, users and settings on Postgres: the same answers as session-store.ts, user-store.ts and
// setting-store.ts give on SQLite.
import { and, asc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { SessionStore, SettingStore, UserStore } from '../store.ts';
import type { PgDb } from './client.ts';
import { sessions, settings, subscriptions, users } from './schema.ts';

export function postgresSessions(db: PgDb): SessionStore {
  const live = db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.idHash, sql.placeholder('idHash')),
        eq(sessions.kind, sql.placeholder('kind')),
        gt(sessions.expiresAt, sql.placeholder('now')),
      ),
    )
    .prepare('webpush-session-live');
  return {
    async insert(session) {
      await db.insert(sessions).values({ ...session, expiresAt: new Date(session.expiresAt) });
    },
    async findLive(idHash, kind, now) {
      const [row] = await live.execute({ idHash, kind, now: new Date(now) });
      return row;
    },
    async deleteByHash(idHash) {
      await db.delete(sessions).where(eq(sessions.idHash, idHash));
    },
    async deleteOfKind(kind) {
      await db.delete(sessions).where(eq(sessions.kind, kind));
    },
    async deleteExpired(now) {
      await db.delete(sessions).where(lt(sessions.expiresAt, new Date(now)));
    },
  };
}

export function postgresUsers(db: PgDb): UserStore {
  const columns = { id: users.id, name: users.name };
  const bySession = db
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
    .prepare('webpush-user-of-session');
  return {
    async ofSession(idHash, now) {
      const [row] = await bySession.execute({ idHash, now: new Date(now) });
      return row;
    },
    async findOrCreate(name) {
      // DO UPDATE (to the same name) so RETURNING gives the row whether it was made now or before.
      const [row] = await db
        .insert(users)
        .values({ name })
        .onConflictDoUpdate({ target: users.name, set: { name } })
        .returning(columns);
      return row!;
    },
    async withDevices() {
      const byId = new Map<
        number,
        { user: typeof users.$inferSelect; devices: (typeof subscriptions.$inferSelect)[] }
      >();
      for (const user of await db.select().from(users).orderBy(asc(users.name))) {
        byId.set(user.id, { user, devices: [] });
      }
      for (const row of await db.select().from(subscriptions).orderBy(asc(subscriptions.id))) {
        byId.get(row.userId)?.devices.push(row);
      }
      return [...byId.values()];
    },
    async existingIds(ids) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return new Set();
      const rows = await db.select({ id: users.id }).from(users).where(inArray(users.id, unique));
      return new Set(rows.map((row) => row.id));
    },
  };
}

export function postgresSettings(db: PgDb): SettingStore {
  const get = async (key: string) =>
    (await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)))[0]?.value;
  return {
    get,
    async set(key, value) {
      const updatedAt = new Date();
      await db
        .insert(settings)
        .values({ key, value, updatedAt })
        .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt } });
    },
    async setIfAbsent(key, value) {
      const inserted = await db
        .insert(settings)
        .values({ key, value, updatedAt: new Date() })
        .onConflictDoNothing()
        .returning({ key: settings.key });
      return { value: (await get(key)) ?? value, created: inserted.length === 1 };
    },
  };
}
