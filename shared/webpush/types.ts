// The library's types, shared by every entry. No runtime module is imported (not even for types) but the
// import-free vocabulary.ts, so the portable entry's declarations need neither @types/node nor undici's.
import type { VapidKey } from './crypto-backend.ts';
import type { PaddingOption } from './padding.ts';
import type { VapidJwk } from './vapid-jwk.ts';
import type { DispatcherLike } from './transport-dispatcher.ts';
import type { FetchLike, Transport } from './transport.ts';
import type { ContentEncoding, Urgency } from './vocabulary.ts';

/** What `PushSubscription.toJSON()` gives in the browser. */
export interface PushSubscriptionJSON {
  endpoint: string;
  expirationTime?: number | null;
  keys: { p256dh: string; auth: string };
}

/** A subscription without keys: enough for a push without data (as pywebpush allows), never for data. */
export interface KeylessSubscription {
  endpoint: string;
  expirationTime?: number | null;
  keys?: undefined;
}

/** Where a push can go: a whole subscription, or (for a push without data) just its endpoint. */
export type PushTarget = PushSubscriptionJSON | KeylessSubscription;

// URGENCIES, CONTENT_ENCODINGS and the topic rule: defined once, in a module that imports nothing (the app's
// validation, database and pages read them there), and exported by every entry from here.
export * from './vocabulary.ts';

/** RFC 8292 claims. `aud` defaults to the endpoint's origin, `exp` to now + 12 h; other claims are signed as given. */
export interface VapidClaims {
  sub: string;
  aud?: string;
  exp?: number;
  [claim: string]: unknown;
}

/** node:crypto's KeyObject, by shape (the Node entry accepts one). */
export interface KeyObjectLike {
  readonly type: 'secret' | 'public' | 'private';
  readonly asymmetricKeyType?: string;
}

/**
 * A VAPID private key: PEM text, base64/base64url DER (PKCS#8 or SEC1), the raw 32-byte scalar as base64url,
 * a JWK ({ kty: 'EC', crv: 'P-256', d, x, y }) as an object or JSON text, or a key loadVapidKey returned. The
 * Node entry also takes a path to a key file and a KeyObject.
 */
export type VapidKeyInput = string | VapidKey | KeyObjectLike | VapidJwk;

/** Push payload: text is sent as UTF-8. */
export type PushData = string | Uint8Array;

/** Options of one push (RFC 8030 headers, VAPID, transport). */
export interface PushOptions {
  vapidPrivateKey?: VapidKeyInput;
  vapidClaims?: VapidClaims;
  contentEncoding?: ContentEncoding;
  /**
   * Pads the plaintext so the body's length does not reveal the message's: `{ to: 'bucket' }` pads up to 128,
   * 512, 1024, 2048 or the encoding's maximum (3993 bytes for aes128gcm); `{ to: n }` to exactly n bytes (longer
   * data is refused). The 4096-byte limit counts the padding. Off by default.
   */
  padding?: PaddingOption;
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
  /**
   * An undici dispatcher (Agent, Pool, ProxyAgent, an HTTP/2 Agent) to send through: Node's default is undici's
   * global one. Give this or `fetch`, not both.
   */
  dispatcher?: DispatcherLike;
  /** A `fetch` to send through (the default on Bun, Deno and Workers: the global one). */
  fetch?: FetchLike;
  /** A Transport of your own (see transport.ts), e.g. one that wraps another to log; wins over both. */
  transport?: Transport;
  /**
   * Node (undici): offer HTTP/2 by ALPN and multiplex the pushes to each push-service origin that speaks it
   * over one TLS session (one per origin for sendMany, one per origin for the process for single sends);
   * origins that answer HTTP/1.1 get it as without the option. Default false. No effect on Bun, Deno and
   * Workers (their fetch picks the protocol) nor with your own `dispatcher`, `fetch` or `transport` (they
   * decide); refused with `proxy`.
   */
  http2?: boolean;
  /**
   * Node entry: send through this HTTP proxy (a URL; CONNECT tunnels), or 'env' for HTTPS_PROXY / HTTP_PROXY /
   * NO_PROXY from the environment. Ignored when `dispatcher`, `fetch` or `transport` is given.
   */
  proxy?: string;
  /** Called as each request goes to the transport (pywebpush's `verbose`, a logger); retries call it again. */
  onRequest?: (push: PushRequest) => void;
  /** Called with each answer (any status) or failure (status 0, `error`), with the milliseconds it took. */
  onResponse?: (event: PushResponseEvent) => void;
}

/** A push ready to send: `WebPusher.encode`/`buildPushRequest` produce it, `sendPushRequest` sends it. */
export interface PushRequest {
  endpoint: string;
  method: 'POST';
  headers: Record<string, string>;
  /** The encrypted body (a Buffer on Node), or null for a push without data. */
  body: Uint8Array | null;
}

/** The push service's reply to a 2xx. */
export interface PushReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What onResponse gets: the answer (any status), or the failure when none came; `ms` since the request began. */
export interface PushResponseEvent {
  push: PushRequest;
  /** 0 when nothing came back. */
  status: number;
  headers: Record<string, string>;
  body: string;
  ms: number;
  /** Why there was no answer (network, timeout, abort). */
  error?: unknown;
}
