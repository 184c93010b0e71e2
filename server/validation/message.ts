import { z } from 'zod';
import { MESSAGE_LIMITS as LIMITS } from '../../shared/message-limits.ts';
import { TOPIC_PATTERN, TOPIC_RULE, URGENCIES } from '@starter-kit/webpush/node';
import { instantField } from './schedule.ts';

const isPath = (value: string) => value.startsWith('/') && !value.startsWith('//') && !value.includes('\\');

/** A link the notification opens, or an image it shows: a same-site path ("/news/1") or an http(s) URL. */
const link = z
  .string()
  .max(LIMITS.linkChars, { error: `must be at most ${LIMITS.linkChars} characters` })
  .refine((value) => isPath(value) || isHttpUrl(value), {
    error: 'must be a path starting with / or an http(s) URL',
  });
const linkField = link.nullable().optional();

const chars = (max: number) =>
  z
    .string()
    .min(1, { error: `must be 1 to ${max} characters` })
    .max(max, { error: `must be 1 to ${max} characters` })
    .refine((text) => text.trim() !== '', { error: 'must not be blank' });

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

const actionSchema = z.object({ title: chars(LIMITS.actionTitleChars), url: link });

const vibrateStep = z
  .int({ error: `must be an integer between 0 and ${LIMITS.vibrateStepMs} milliseconds` })
  .min(0, { error: `must be an integer between 0 and ${LIMITS.vibrateStepMs} milliseconds` })
  .max(LIMITS.vibrateStepMs, {
    error: `must be an integer between 0 and ${LIMITS.vibrateStepMs} milliseconds`,
  });

/**
 * The body of POST /api/admin/messages. Defaults are applied by `messageContent` (push/new-message.ts), so input
 * and output match.
 */
export const messageBodySchema = z
  .object({
    title: chars(LIMITS.titleChars),
    body: z.string().max(LIMITS.bodyChars, { error: `must be at most ${LIMITS.bodyChars} characters` }),
    url: linkField,
    icon: linkField,
    image: linkField,
    badge: linkField,
    tag: chars(LIMITS.tagChars).nullable().optional(),
    actions: z
      .array(actionSchema)
      .max(LIMITS.actions, { error: `must list at most ${LIMITS.actions} actions` })
      .optional(),
    requireInteraction: z.boolean().optional(),
    silent: z.boolean().optional(),
    renotify: z.boolean().optional(),
    vibrate: z
      .array(vibrateStep)
      .max(LIMITS.vibrateSteps, { error: `must list at most ${LIMITS.vibrateSteps} durations` })
      .optional(),
    timestamp: z.iso
      .datetime({
        offset: true,
        error: 'must be an ISO 8601 date-time with a time zone, like 2026-12-01T09:30:00Z',
      })
      .nullable()
      .optional(),
    lang: z
      .string()
      .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}$/, { error: 'must be a language tag like en or en-US' })
      .nullable()
      .optional(),
    dir: z.enum(['auto', 'ltr', 'rtl'], { error: 'must be auto, ltr or rtl' }).nullable().optional(),
    appBadge: z
      .int({ error: 'must be a non-negative integer' })
      .min(0, { error: 'must be a non-negative integer' })
      .max(Number.MAX_SAFE_INTEGER, { error: 'must be a non-negative integer' })
      .nullable()
      .optional(),
    ttl: z
      .int({ error: 'must be an integer number of seconds' })
      .min(0, { error: `must be between 0 and ${LIMITS.ttlSeconds} seconds (4 weeks)` })
      .max(LIMITS.ttlSeconds, { error: `must be between 0 and ${LIMITS.ttlSeconds} seconds (4 weeks)` })
      .optional(),
    urgency: z.enum(URGENCIES, { error: `must be ${orList(URGENCIES)}` }).optional(),
    topic: z.string().regex(TOPIC_PATTERN, { error: TOPIC_RULE }).nullable().optional(),
    target: targetSchema,
    /** Send at this time instead of now (ISO 8601 with an offset; must be ahead of the server's clock). */
    sendAt: instantField.nullable().optional(),
    /** Devices not reached by then are marked expired instead of sent the message late. */
    expiresAt: instantField.nullable().optional(),
  })
  .superRefine((message, ctx) => {
    // The Notifications API throws for these pairs (and Safari drops such a declarative message).
    if (message.renotify && !message.tag) {
      ctx.addIssue({
        code: 'custom',
        path: ['renotify'],
        message: 'needs a tag (it alerts again when a message replaces an earlier one with the same tag)',
      });
    }
    if (message.silent && (message.vibrate?.length ?? 0) > 0) {
      ctx.addIssue({ code: 'custom', path: ['vibrate'], message: 'must be empty when silent is true' });
    }
  });

export type MessageBody = z.output<typeof messageBodySchema>;

/** "a, b or c" */
function orList(words: readonly string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : words.join('');
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
