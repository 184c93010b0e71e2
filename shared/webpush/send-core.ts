// Sending a built push, shared by both entries: the transport chosen, the answer or failure turned into
// PushReply or WebPushError (status 0 when nothing came back, with what went wrong and whether it was sent).
import { WebPushError, WebPushValidationError } from './errors.ts';
import { checkHttp2, checkTimeout } from './push-options.ts';
import { dispatcherTransport, type DispatcherLike } from './transport-dispatcher.ts';
import { fetchTransport } from './transport-fetch.ts';
import { PushTimeout, TransportFailure, type FetchLike, type Transport } from './transport.ts';
import { withHooks, type PushHooks } from './transport-hooks.ts';
import type { PushReply, PushRequest } from './types.ts';

export interface TransportOptions {
  timeout?: number;
  signal?: AbortSignal;
  /** An undici dispatcher (Node's default: the global one). */
  dispatcher?: DispatcherLike;
  /** A fetch (the default on Bun, Deno and Workers). */
  fetch?: FetchLike;
  /** A Transport of your own (see transport.ts); wins over `dispatcher` and `fetch`. */
  transport?: Transport;
  /** The runtime's HTTP/2 transport as the fallback (Node); ignored beside the three above. */
  http2?: boolean;
  onRequest?: PushHooks['onRequest'];
  onResponse?: PushHooks['onResponse'];
}

/**
 * The transport a push goes through: the caller's, else `fallback` (the runtime's default, runtime-*.ts),
 * wrapped by the caller's onRequest/onResponse hooks when there are any.
 */
export function transportFor(options: TransportOptions, fallback: Transport): Transport {
  const chosen = chooseTransport(options, fallback);
  return options.onRequest || options.onResponse ? withHooks(chosen, options) : chosen;
}

function chooseTransport(options: TransportOptions, fallback: Transport): Transport {
  checkHttp2(options.http2);
  if (options.transport) return options.transport;
  if (options.dispatcher !== undefined && options.fetch !== undefined)
    throw new WebPushValidationError('fetch', 'give either dispatcher or fetch, not both');
  if (options.fetch !== undefined) {
    if (typeof options.fetch !== 'function')
      throw new WebPushValidationError('fetch', 'must be a function with the shape of globalThis.fetch');
    return fetchTransport(options.fetch);
  }
  if (options.dispatcher !== undefined) {
    if (typeof (options.dispatcher as { dispatch?: unknown }).dispatch !== 'function') {
      throw new WebPushValidationError(
        'dispatcher',
        'must have a dispatch() method (an undici Agent, Pool or ProxyAgent); on Bun, Deno and Workers pass fetch instead',
      );
    }
    return dispatcherTransport(options.dispatcher);
  }
  return fallback;
}

/**
 * Sends a built push through the caller's transport or `fallback`. Resolves with the reply on 2xx; otherwise
 * rejects with a WebPushError carrying it. Each entry binds its runtime's default (send-node.ts, send-async.ts).
 */
export async function sendThrough(
  fallback: Transport,
  push: PushRequest,
  options: TransportOptions = {},
): Promise<PushReply> {
  const timeout = checkTimeout(options.timeout);
  const transport = transportFor(options, fallback);
  let answer;
  try {
    answer = await transport({ push, timeout, signal: options.signal });
  } catch (error) {
    const failure = error instanceof TransportFailure ? error : new TransportFailure(error, false);
    throw new WebPushError({
      status: failure.status,
      ...(failure.headers ? { headers: failure.headers } : {}),
      endpoint: push.endpoint,
      reason: failureReason(failure, timeout),
      cause: failure.cause,
    });
  }
  const { status, headers, body } = answer;
  if (status >= 200 && status < 300) return { status, headers, body };
  throw new WebPushError({ status, headers, body, endpoint: push.endpoint });
}

function failureReason(failure: TransportFailure, timeout: number): string {
  const notSent = failure.started ? '' : '; the request was not sent';
  if (failure.aborted) return `aborted by the caller${notSent}`;
  if (failure.cause instanceof PushTimeout) {
    if (!failure.started) return `no connection ready within ${timeout} ms${notSent}`;
    return failure.status
      ? `the reply did not finish within ${timeout} ms`
      : `no answer within ${timeout} ms`;
  }
  return describeNetworkError(failure.cause);
}

function describeNetworkError(error: unknown): string {
  const err = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? err.code;
  const message = err.cause?.message ?? err.message ?? String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
