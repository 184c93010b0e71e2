import { z } from 'zod';
import { payloadTooLarge } from './payload-size.ts';

/** A link the notification opens or an icon: a same-site path ("/news/1") or an http(s) URL. */
const linkField = z
  .string()
  .max(2048, { error: 'must be at most 2048 characters' })
  .refine(isPathOrHttpUrl, { error: 'must be a path starting with / or an http(s) URL' })
  .nullable()
  .optional();

const targetSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('all') }),
    z.object({
      type: z.literal('users'),
      userIds: z
        .array(z.int({ error: 'must be an integer' }).positive({ error: 'must be a positive integer' }))
        .min(1, { error: 'must list at least one user id' })
        .max(1000, { error: 'must list at most 1000 user ids' }),
    }),
  ],
  // Only for an unknown `type`; a missing target falls through to "is required".
  { error: (issue) => (issue.code === 'invalid_union' ? "must be 'all' or 'users'" : undefined) },
);

/** The body of POST /api/admin/messages. Defaults are applied by the route, so input and output types match. */
export const messageBodySchema = z
  .object({
    title: z
      .string()
      .min(1, { error: 'must be 1 to 100 characters' })
      .max(100, { error: 'must be 1 to 100 characters' })
      .refine((title) => title.trim() !== '', { error: 'must not be blank' }),
    body: z.string().max(1000, { error: 'must be at most 1000 characters' }),
    url: linkField,
    icon: linkField,
    ttl: z
      .int({ error: 'must be an integer number of seconds' })
      .min(0, { error: 'must be between 0 and 2419200 seconds (4 weeks)' })
      .max(2419200, { error: 'must be between 0 and 2419200 seconds (4 weeks)' })
      .optional(),
    urgency: z
      .enum(['very-low', 'low', 'normal', 'high'], { error: 'must be very-low, low, normal or high' })
      .optional(),
    topic: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/, { error: 'must be 1 to 32 base64url characters (A-Z a-z 0-9 - _)' })
      .nullable()
      .optional(),
    target: targetSchema,
  })
  .superRefine((message, ctx) => {
    // Each field fits its own limit yet together they may not fit one encrypted push.
    const tooLarge = payloadTooLarge(message);
    if (tooLarge) ctx.addIssue({ code: 'custom', path: [tooLarge.field], message: tooLarge.rule });
  });

export type MessageBody = z.output<typeof messageBodySchema>;

export const DEFAULT_TTL = 24 * 3600;

function isPathOrHttpUrl(value: string): boolean {
  if (value.startsWith('/')) return !value.startsWith('//') && !value.includes('\\');
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
