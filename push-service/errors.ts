import { STATUS_CODES, type ServerResponse } from 'node:http';

/** Mozilla autopush's errno values (autoendpoint/src/error.rs), plus one of ours noted below. */
export const ERRNO = {
  invalidEndpoint: 102,
  unknownEndpoint: 103,
  payloadTooLarge: 104,
  unregisteredEndpoint: 106,
  vapid: 109,
  invalidEncryption: 110,
  missingTtl: 111,
  /** Ours: autopush does not check Urgency at all. */
  invalidUrgency: 112,
  invalidTopic: 113,
  invalidTtl: 114,
  /** autopush's "unknown error"; we also answer injected faults (control API) with it. */
  unknown: 999,
} as const;

const MORE_INFO = 'http://autopush.readthedocs.io/en/latest/http.html#error-codes';

/** A request the push service refuses; rendered as autopush's JSON error body. */
export class PushServiceError extends Error {
  override name = 'PushServiceError';
  constructor(
    readonly status: number,
    readonly errno: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** `{code, errno, error, message, more_info}` exactly as autopush serialises an ApiError. */
export function errorBody(status: number, errno: number, message: string) {
  return { code: status, errno, error: STATUS_CODES[status] ?? 'Error', message, more_info: MORE_INFO };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendPushError(res: ServerResponse, error: PushServiceError): void {
  // autopush tells caches to remember a 410 for a day.
  const extra: Record<string, string> = error.status === 410 ? { 'cache-control': 'max-age=86400' } : {};
  sendJson(res, error.status, errorBody(error.status, error.errno, error.message), {
    ...extra,
    ...error.headers,
  });
}
