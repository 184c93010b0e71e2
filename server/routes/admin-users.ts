import { asc } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AdminUser } from '../../shared/api-types.ts';
import { requireAdmin } from '../auth/admin-session.ts';
import type { AdminToken } from '../auth/admin-token.ts';
import type { Db } from '../db/client.ts';
import { subscriptions, users } from '../db/schema.ts';
import { toDevice } from '../http/serialize.ts';

/** Every user with their devices, for choosing recipients. */
export function adminUserRoutes({ db, adminToken }: { db: Db; adminToken: AdminToken }) {
  return new Hono().use(requireAdmin(db, adminToken)).get('/', (c) => {
    const byUser = new Map<number, AdminUser>();
    for (const user of db.select().from(users).orderBy(asc(users.name)).all()) {
      byUser.set(user.id, {
        id: user.id,
        name: user.name,
        createdAt: user.createdAt.toISOString(),
        devices: [],
      });
    }
    for (const row of db.select().from(subscriptions).orderBy(asc(subscriptions.id)).all()) {
      byUser.get(row.userId)?.devices.push(toDevice(row));
    }
    return c.json({ users: [...byUser.values()] }, 200);
  });
}
