import { Hono } from 'hono';
import type { AdminUser } from '../../shared/api-types.ts';
import { requireAdmin } from '../auth/admin-session.ts';
import type { AdminToken } from '../auth/admin-token.ts';
import type { Db } from '../db/client.ts';
import { usersWithDevices } from '../db/user-store.ts';
import { toDevice } from '../http/serialize.ts';

/** Every user with their devices, for choosing recipients. */
export function adminUserRoutes({ db, adminToken }: { db: Db; adminToken: AdminToken }) {
  return new Hono().use(requireAdmin(db, adminToken)).get('/', (c) => {
    const list = usersWithDevices(db).map(({ user, devices }): AdminUser => ({
      id: user.id,
      name: user.name,
      createdAt: user.createdAt.toISOString(),
      devices: devices.map(toDevice),
    }));
    return c.json({ users: list }, 200);
  });
}
