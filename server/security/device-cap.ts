import type { UpsertResult } from '../db/store.ts';
import { ApiException } from '../http/errors.ts';

/**
 * The stored device of an upsert, or 409 when the store refused it at the cap (MAX_DEVICES_PER_USER): the
 * store counts in the write's own transaction (re-subscribing an owned endpoint is an update and always
 * passes; an endpoint in `replaces` that the user owns does not count).
 */
export function deviceWithinCap(result: UpsertResult, max: number) {
  if (!result.refused) return result;
  throw new ApiException(
    409,
    'conflict',
    `you already have ${result.devices} devices, the most one user may have (MAX_DEVICES_PER_USER=${max}); remove one before adding this browser, or raise MAX_DEVICES_PER_USER`,
  );
}
