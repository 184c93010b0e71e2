import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError, ApiErrorCode } from '../../shared/api-types.ts';

/** A request failure with the code (and field) the one JSON error shape carries. */
export class ApiException extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(status, { message });
  }
}

export function validationFailed(field: string, message: string): ApiException {
  return new ApiException(400, 'validation_failed', message, field);
}

export const unauthorized = (message: string) => new ApiException(401, 'unauthorized', message);
export const notFound = (message: string) => new ApiException(404, 'not_found', message);

const codeForStatus: Partial<Record<number, ApiErrorCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** `app.onError`: every failure leaves as ApiError JSON; unexpected errors are logged, not leaked. */
export function renderError(err: Error, c: Context): Response {
  let body: ApiError['error'];
  if (err instanceof ApiException) {
    body = { status: err.status, code: err.code, message: err.message };
    if (err.field !== undefined) body.field = err.field;
  } else if (err instanceof HTTPException && err.status < 500) {
    body = { status: err.status, code: codeForStatus[err.status] ?? 'bad_request', message: err.message };
  } else {
    console.error(`${c.req.method} ${c.req.path} failed:`, err);
    body = { status: 500, code: 'internal_error', message: 'Internal server error' };
  }
  return c.json({ error: body } satisfies ApiError, body.status as ContentfulStatusCode);
}

export function renderNotFound(c: Context): Response {
  return renderError(notFound(`no route for ${c.req.method} ${c.req.path}`), c);
}
