// The Node entry, `@starter-kit/webpush/node`: the portable API (portable.ts) with node:crypto's synchronous
// encrypt, decrypt, key and VAPID functions, Buffers, key file paths, KeyObjects, the curl mode and sendMany's
// encrypt worker threads (EncryptPool). Node and Bun only.
export { webpush, WebPusher, type WebPushOptions } from './webpusher.ts';
export { WebPushError, WebPushValidationError, NoDataError, type PushServiceErrorBody } from './errors.ts';
export { generateVapidKeys, loadVapidKey, type VapidKey, type GeneratedVapidKeys } from './keys.ts';
export { vapidHeaders, vapidToken, signVapidToken, resolveClaims, type VapidHeaderOptions } from './vapid.ts';
export {
  encrypt,
  decrypt,
  MAX_PLAINTEXT_BYTES,
  MAX_BODY_BYTES,
  type EncryptedPayload,
  type ReceiverKeys,
  type ReceiverPrivateKeys,
  type AesgcmHeaders,
} from './encrypt.ts';
export { validateSubscription } from './subscription.ts';
export { buildPushRequest } from './request.ts';
export { sendPushRequest, type TransportOptions } from './send.ts';
export type { Transport, TransportCall, PushAnswer, FetchLike } from './transport.ts';
export { TransportFailure, PushTimeout } from './transport.ts';
export { dispatcherTransport, type DispatcherLike } from './transport-dispatcher.ts';
export { fetchTransport } from './transport-fetch.ts';
export { runtime } from './runtime-node.ts';
export { toCurlCommand } from './curl.ts';
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
} from './send-many.ts';
export { EncryptPool } from './encrypt-pool.ts';
export { autoWorkerCount, MIN_PUSHES_FOR_WORKER } from './worker-policy.ts';
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
