import type { Env, MiddlewareHandler } from 'hono';
import { validator } from 'hono/validator';
import { z } from 'zod';
import type { DeliveryPageRequest } from '../db/delivery-store.ts';
import { storedOutcome } from '../http/serialize.ts';
import { parseOrThrow } from '../http/validate.ts';

export const DEFAULT_DELIVERY_PAGE = 500;
export const MAX_DELIVERY_PAGE = 1000;

const wholeNumber = (min: number, max: number, rule: string) =>
  z
    .string()
    .regex(/^\d{1,16}$/, { error: rule })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: rule });

/**
 * `?limit=&after=&outcome=` of GET /api/admin/messages/:id, all optional (defaults are applied by
 * `deliveryPageRequest`, so the typed client sees optional parameters).
 */
export const deliveryPageQuerySchema = z.object({
  limit: wholeNumber(
    1,
    MAX_DELIVERY_PAGE,
    `must be a whole number from 1 to ${MAX_DELIVERY_PAGE}`,
  ).optional(),
  after: wholeNumber(
    0,
    Number.MAX_SAFE_INTEGER,
    'must be a delivery id (a whole number, 0 or more)',
  ).optional(),
  outcome: z
    .enum(['pending', 'accepted', 'expired', 'failed'], {
      error: 'must be pending, accepted, expired or failed',
    })
    .optional(),
});

export type DeliveryPageQuery = z.output<typeof deliveryPageQuerySchema>;

/** The query as the typed client sends it; every parameter, and the query itself, may be left out. */
export interface DeliveryPageInput {
  limit?: string;
  after?: string;
  outcome?: DeliveryPageQuery['outcome'];
}

/**
 * Validates the query (400 naming the parameter). Typed by hand so `hc` callers may omit `query`
 * altogether: Hono's inferred type would make it required.
 */
export const deliveryPageQuery = validator('query', (value) =>
  parseOrThrow(deliveryPageQuerySchema, value),
) as unknown as MiddlewareHandler<
  Env,
  string,
  { in: { query?: DeliveryPageInput }; out: { query: DeliveryPageQuery } }
>;

/** The page the store reads: the defaults applied, the outcome in the database's words. */
export function deliveryPageRequest(query: DeliveryPageQuery): DeliveryPageRequest {
  return {
    limit: query.limit ?? DEFAULT_DELIVERY_PAGE,
    after: query.after ?? 0,
    ...(query.outcome && { outcome: storedOutcome(query.outcome) }),
  };
}
