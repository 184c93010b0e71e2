import { Hono } from 'hono';
import type { AdminUser } from '../../shared/api-types.ts';
import { requireAdmin } from '../auth/admin-session.ts';
import type { AdminToken } from '../auth/admin-token.ts';
import type { Store } from '../db/store.ts';
import { toDevice } from '../http/serialize.ts';

/** Every user with their devices, for choosing recipients. */
export function adminUserRoutes({ store, adminToken }: { store: Store; adminToken: AdminToken }) {
  return new Hono().use(requireAdmin(store.sessions, adminToken)).get('/', async (c) => {
    const list = (await store.users.withDevices()).map(({ user, devices }): AdminUser => ({
      id: user.id,
      name: user.name,
      createdAt: user.createdAt.toISOString(),
      devices: devices.map(toDevice),
    }));
    return c.json({ users: list }, 200);
  });
}
