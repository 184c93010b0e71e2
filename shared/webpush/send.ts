import { request, type Dispatcher } from 'undici';
import { WebPushError } from './errors.ts';
import { checkTimeout } from './push-options.ts';
import type { PushReply, PushRequest } from './types.ts';

export interface TransportOptions {
  timeout?: number;
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
}

/** Sends a built push. Resolves with the reply on 2xx; otherwise rejects with a WebPushError carrying it. */
export async function sendPushRequest(push: PushRequest, options: TransportOptions = {}): Promise<PushReply> {
  const timeout = checkTimeout(options.timeout);
  const timer = AbortSignal.timeout(timeout);
  const signal = options.signal ? AbortSignal.any([options.signal, timer]) : timer;
  let response: Dispatcher.ResponseData;
  try {
    response = await request(push.endpoint, {
      method: push.method,
      headers: push.headers,
      body: push.body ?? '',
      signal,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
  } catch (error) {
    const reason = timer.aborted
      ? `no answer within ${timeout} ms`
      : options.signal?.aborted
        ? 'aborted by the caller'
        : describeNetworkError(error);
    throw new WebPushError({ status: 0, endpoint: push.endpoint, reason, cause: error });
  }
  const headers = flattenHeaders(response.headers);
  let body: string;
  try {
    body = await response.body.text();
  } catch (error) {
    const reason = timer.aborted ? `no complete answer within ${timeout} ms` : describeNetworkError(error);
    throw new WebPushError({ status: response.statusCode, headers, endpoint: push.endpoint, reason, cause: error });
  }
  if (response.statusCode >= 200 && response.statusCode < 300) {
    return { status: response.statusCode, headers, body };
  }
  throw new WebPushError({ status: response.statusCode, headers, body, endpoint: push.endpoint });
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function describeNetworkError(error: unknown): string {
  const err = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? err.code;
  const message = err.cause?.message ?? err.message ?? String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
