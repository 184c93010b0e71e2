import { MAX_DECLARATIVE_PAYLOAD_BYTES } from './webpush/declarative.ts';
import { TOPIC_MAX_CHARS } from './webpush/vocabulary.ts';

/**
 * The limits of an admin message, declared once: the API's validation (server/validation/message.ts), the
 * compose form's maxlength, checks and size warning (web/admin/), and the README table all read these.
 */
export const MESSAGE_LIMITS = {
  titleChars: 100,
  bodyChars: 1000,
  /** The link, icon, image, badge and each action's link. */
  linkChars: 2048,
  tagChars: 64,
  /** Chrome shows two action buttons (Notification.maxActions); more would be dropped silently. */
  actions: 2,
  actionTitleChars: 40,
  vibrateSteps: 10,
  vibrateStepMs: 10_000,
  /** RFC 8030's limit, the library's (shared/webpush/vocabulary.ts). */
  topicChars: TOPIC_MAX_CHARS,
  ttlSeconds: 2_419_200,
  /** All of it as JSON: one 4096-byte encrypted push record less aes128gcm's overhead. */
  payloadBytes: MAX_DECLARATIVE_PAYLOAD_BYTES,
  /** Firefox for Android's push service refuses more than 3070 encrypted bytes: 2967 of aes128gcm JSON. */
  firefoxAndroidPayloadBytes: 3070 - 103,
} as const;
