// The seam between the library and HTTP. A Transport sends one built push and returns the push service's
// answer, or rejects with a TransportFailure saying how far it got. Two exist: undici's dispatcher
// (transport-dispatcher.ts, Node's fast path) and fetch (transport-fetch.ts, every other runtime); send-core.ts
// picks the caller's or the runtime's. What shapes connections (a proxy, HTTP/2) goes into the dispatcher or fetch
// a Transport is built on; a per-request hook (onRequest/onResponse, a logger) is a Transport that wraps another.
// Nothing here imports a runtime module.
import type { PushRequest } from './types.ts';

export interface TransportCall {
  push: PushRequest;
  /** Milliseconds for the whole push, connect included. */
  timeout: number;
  signal: AbortSignal | undefined;
}

export interface PushAnswer {
  status: number;
  /** Names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

export type Transport = (call: TransportCall) => Promise<PushAnswer>;

/**
 * A push that failed. `started` says whether the request had reached a connection (so it may have been
 * sent); after the status line (the body broke off) it still tells what the service answered.
 */
export class TransportFailure {
  constructor(
    readonly cause: unknown,
    readonly started: boolean,
    readonly aborted = false,
    readonly status = 0,
    readonly headers?: Record<string, string>,
  ) {}
}

/** Why we gave up on a push ourselves: the deadline passed. */
export class PushTimeout extends Error {
  override name = 'TimeoutError';
}

/** The `fetch` a Transport can run on: the global one, or any with its shape (undici's, a test double). */
export type FetchLike = (
  input: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body: Uint8Array<ArrayBuffer>;
    signal: AbortSignal;
    redirect: 'manual';
  },
) => Promise<{
  status: number;
  headers: { forEach(callback: (value: string, name: string) => void): void };
  text(): Promise<string>;
}>;
