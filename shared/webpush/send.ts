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
  let response: Dispatcher.ResponseData;
  try {
    // undici's own header/body timers: an AbortSignal.timeout per request costs more than the rest of the send.
    response = await request(push.endpoint, {
      method: push.method,
      headers: push.headers,
      body: push.body ?? '',
      headersTimeout: timeout,
      bodyTimeout: timeout,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
  } catch (error) {
    throw new WebPushError({
      status: 0,
      endpoint: push.endpoint,
      reason: failureReason(error, timeout, options.signal),
      cause: error,
    });
  }
  const headers = flattenHeaders(response.headers);
  let body: string;
  try {
    body = await response.body.text();
  } catch (error) {
    const reason = failureReason(error, timeout, options.signal);
    throw new WebPushError({
      status: response.statusCode,
      headers,
      endpoint: push.endpoint,
      reason,
      cause: error,
    });
  }
  if (response.statusCode >= 200 && response.statusCode < 300) {
    return { status: response.statusCode, headers, body };
  }
  throw new WebPushError({ status: response.statusCode, headers, body, endpoint: push.endpoint });
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function failureReason(error: unknown, timeout: number, signal: AbortSignal | undefined): string {
  if (signal?.aborted) return 'aborted by the caller';
  const code = (error as { code?: string }).code;
  if (code && TIMEOUT_CODES.has(code)) return `no answer within ${timeout} ms`;
  return describeNetworkError(error);
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
