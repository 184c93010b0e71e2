import { and, asc, eq, gt } from 'drizzle-orm';
import type { Env, MiddlewareHandler } from 'hono';
import { validator } from 'hono/validator';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { deliveries } from '../db/schema.ts';
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
 * `deliveryPage`, so the typed client sees optional parameters).
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

/**
 * One page of a message's deliveries in id order, after the delivery id `after`, optionally of one
 * outcome. An index range read, so it costs the same at 100 or 100,000 deliveries. `nextAfter` is the
 * `after` of the next page, or null on the last page.
 */
export function deliveryPage(db: Db, messageId: number, query: DeliveryPageQuery) {
  const limit = query.limit ?? DEFAULT_DELIVERY_PAGE;
  const rows = db
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.messageId, messageId),
        gt(deliveries.id, query.after ?? 0),
        query.outcome ? eq(deliveries.outcome, storedOutcome(query.outcome)) : undefined,
      ),
    )
    .orderBy(asc(deliveries.id))
    .limit(limit + 1)
    .all();
  const more = rows.length > limit;
  if (more) rows.pop();
  return { rows, nextAfter: more ? rows[rows.length - 1]!.id : null };
}
