import { z } from 'zod';
import { CONTENT_ENCODINGS, validateSubscription, WebPushValidationError } from '@starter-kit/webpush/node';
import type { ContentEncoding, PushSubscriptionJSON } from '@starter-kit/webpush/node';
import { validationFailed } from '../http/errors.ts';
import { endpointFormRule } from '../push/endpoint-form.ts';

/**
 * The body of POST /api/subscriptions: `PushSubscription.toJSON()` plus the browser's
 * `PushManager.supportedContentEncodings`. Shape, lengths and the endpoint's form are checked here; the
 * key bytes by the library's `validateSubscription` (see `checkSubscription`); where the endpoint leads
 * by the endpoint policy (server/security/endpoint-policy.ts), which needs DNS.
 */
export function subscriptionBodySchema(allowHttpOrigins: readonly string[]) {
  return z.object({
    endpoint: z
      .string()
      .max(2048, { error: 'must be at most 2048 characters' })
      .superRefine((endpoint, ctx) => {
        const problem = endpointFormRule(endpoint, allowHttpOrigins);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({
      p256dh: z.string().max(256, { error: 'must be at most 256 characters' }),
      auth: z.string().max(64, { error: 'must be at most 64 characters' }),
    }),
    /** Set by the service worker on `pushsubscriptionchange`: the old endpoint this one replaces. */
    replaces: z.string().max(2048, { error: 'must be at most 2048 characters' }).optional(),
    contentEncodings: z
      .array(z.string().max(32, { error: 'must be at most 32 characters' }))
      .max(10, { error: 'must list at most 10 encodings' })
      .optional(),
  });
}

export type SubscriptionBody = z.output<ReturnType<typeof subscriptionBodySchema>>;

/** Runs the library's checks (key lengths, point on the curve) and names the field that fails. */
export function checkSubscription(body: SubscriptionBody): PushSubscriptionJSON {
  try {
    return validateSubscription({
      endpoint: body.endpoint,
      expirationTime: body.expirationTime ?? null,
      keys: body.keys,
    });
  } catch (error) {
    if (!(error instanceof WebPushValidationError)) throw error;
    throw validationFailed(error.field, `${error.field} ${error.rule}`);
  }
}

/** aes128gcm (RFC 8291) if the browser lists it or sends no list; else the legacy aesgcm. */
export function chooseContentEncoding(listed: readonly string[] | undefined): ContentEncoding {
  // CONTENT_ENCODINGS is in the order of preference.
  const chosen = listed
    ? CONTENT_ENCODINGS.find((encoding) => listed.includes(encoding))
    : CONTENT_ENCODINGS[0];
  if (chosen) return chosen;
  throw validationFailed(
    'contentEncodings',
    `contentEncodings must include ${CONTENT_ENCODINGS.join(' or ')}`,
  );
}
