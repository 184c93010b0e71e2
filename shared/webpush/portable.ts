// The package's main entry, `@starter-kit/webpush`: the same API on Node, Bun, Deno and Workers. Functions that
// touch cryptography return promises (WebCrypto is async); the runtime's back ends are picked by the package's
// `#runtime` import (node:crypto + undici on Node, node:crypto + fetch on Bun, WebCrypto + fetch elsewhere).
// Node-only extras (synchronous crypto, key files, EncryptPool, curl, the CLI) are in `@starter-kit/webpush/node`.
export { webpush, WebPusher, type WebPushOptions } from './webpusher-async.ts';
export { WebPushError, WebPushValidationError, NoDataError, type PushServiceErrorBody } from './errors.ts';
export { generateVapidKeys, loadVapidKey, type VapidKey, type GeneratedVapidKeys } from './vapid-key.ts';
export { vapidHeaders, vapidToken, signVapidToken, type VapidHeaderOptions } from './vapid-async.ts';
export { resolveClaims, type ResolvedClaims } from './vapid-claims.ts';
export {
  encrypt,
  decrypt,
  aes128gcmEncrypt,
  aes128gcmDecrypt,
  type EncryptedPayload,
  type EncryptOptions,
  type ReceiverKeys,
  type ReceiverPrivateKeys,
  type AesgcmHeaders,
} from './encryption.ts';
export { MAX_PLAINTEXT_BYTES, MAX_BODY_BYTES } from './record-limits.ts';
export { validateSubscription } from './subscription.ts';
export { buildPushRequest } from './request-async.ts';
export { sendPushRequest } from './send-async.ts';
export type { TransportOptions } from './send-core.ts';
export type { Transport, TransportCall, PushAnswer, FetchLike } from './transport.ts';
export { TransportFailure, PushTimeout } from './transport.ts';
export { dispatcherTransport, type DispatcherLike } from './transport-dispatcher.ts';
export { fetchTransport } from './transport-fetch.ts';
export { DEFAULT_TTL, DEFAULT_TIMEOUT_MS } from './push-options.ts';
export { toBase64Url, fromBase64Url } from './base64url.ts';
export * from './types.ts';
export {
  sendMany,
  type SendItemOptions,
  type SendManyItem,
  type SendManyOptions,
  type SendManySummary,
  type SendResult,
  type SendOutcome,
} from './send-many-async.ts';
export { isRetryable, retryDelay, type RetryPolicy } from './retry.ts';
export { PADDING_BUCKETS, type PaddingOption } from './padding.ts';
export {
  declarativePayload,
  declarativeMessage,
  DECLARATIVE_WEB_PUSH,
  MAX_DECLARATIVE_PAYLOAD_BYTES,
  type DeclarativePayloadInput,
  type DeclarativePushMessage,
  type DeclarativeAction,
  type NotificationDirection,
} from './declarative.ts';

import { runtime as backends } from '#runtime';

/** Which back ends this runtime got. */
export const runtime: {
  readonly crypto: 'node:crypto' | 'webcrypto';
  readonly transport: 'undici' | 'fetch';
} = backends;
