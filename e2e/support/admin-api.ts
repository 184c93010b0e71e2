import type { APIRequestContext } from '@playwright/test';
import type { AdminUser } from '../../shared/api-types.ts';
import { E2E_ADMIN_TOKEN } from './constants.ts';

/** One user as the admin API lists them (`GET /api/admin/users`, Bearer token), or undefined. */
export async function adminUser(
  request: APIRequestContext,
  appUrl: string,
  userName: string,
): Promise<AdminUser | undefined> {
  const response = await request.get(`${appUrl}/api/admin/users`, {
    headers: { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
  });
  if (response.status() !== 200)
    throw new Error(`GET /api/admin/users: ${response.status()} ${await response.text()}`);
  const { users } = (await response.json()) as { users: AdminUser[] };
  return users.find((user) => user.name === userName);
}
