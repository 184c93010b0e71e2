import type { Db } from '../db/client.ts';
import { countDevicesUpTo, findByEndpoint } from '../db/subscription-store.ts';
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
  if (findByEndpoint(db, endpoint)?.userId === userId) return;
  let devices = countDevicesUpTo(db, userId, max);
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
