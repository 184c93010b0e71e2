import type { KeyObject } from 'node:crypto';
import type { Dispatcher } from 'undici';

/** What `PushSubscription.toJSON()` gives in the browser. */
export interface PushSubscriptionJSON {
  endpoint: string;
  expirationTime?: number | null;
  keys: { p256dh: string; auth: string };
}

export type ContentEncoding = 'aes128gcm' | 'aesgcm';
export const CONTENT_ENCODINGS: readonly ContentEncoding[] = ['aes128gcm', 'aesgcm'];

export type Urgency = 'very-low' | 'low' | 'normal' | 'high';
export const URGENCIES: readonly Urgency[] = ['very-low', 'low', 'normal', 'high'];

/** RFC 8292 claims. `aud` defaults to the endpoint's origin, `exp` to now + 12 h; other claims are signed as given. */
export interface VapidClaims {
  sub: string;
  aud?: string;
  exp?: number;
  [claim: string]: unknown;
}

/**
 * A VAPID private key: PEM text, a path to a PEM file, base64/base64url DER (PKCS#8 or SEC1),
 * the raw 32-byte scalar as base64url, or a KeyObject.
 */
export type VapidKeyInput = string | KeyObject;

/** Push payload: text is sent as UTF-8. */
export type PushData = string | Uint8Array;

/** Options of one push (RFC 8030 headers, VAPID, transport). */
export interface PushOptions {
  vapidPrivateKey?: VapidKeyInput;
  vapidClaims?: VapidClaims;
  contentEncoding?: ContentEncoding;
  /** Seconds the push service keeps the message for an offline device. Default 4 weeks (DEFAULT_TTL). */
  ttl?: number;
  urgency?: Urgency;
  /** Replaces a pending message with the same topic (<= 32 base64url characters). */
  topic?: string;
  /**
   * Extra headers, passed through (e.g. `X-WNS-Type` for Windows). A `TTL` here wins over `ttl`; a `Crypto-Key`
   * keeps its value, with aesgcm's `dh=` and `p256ecdsa=` appended by `;`.
   */
  headers?: Record<string, string>;
  /** Milliseconds for the whole push (DNS, connect, TLS, the reply) before it is abandoned. Default 30 000. */
  timeout?: number;
  /** Abandons the push at any stage, the connection included. */
  signal?: AbortSignal;
  /** undici dispatcher (connection pool); the global one by default. */
  dispatcher?: Dispatcher;
}

/** A push ready to send: `WebPusher.encode`/`buildPushRequest` produce it, `sendPushRequest` sends it. */
export interface PushRequest {
  endpoint: string;
  method: 'POST';
  headers: Record<string, string>;
  body: Buffer | null;
}

/** The push service's reply to a 2xx. */
export interface PushReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}
