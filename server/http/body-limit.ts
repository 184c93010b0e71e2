import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';

/**
 * hono/body-limit, minus its cost on the common path: it reads `c.req.raw.body`, which makes
 * @hono/node-server build a full fetch Request (stream, AbortSignal) for every request, about a tenth of
 * a subscribe's CPU. A declared Content-Length is checked from the header (Node's parser never reads
 * past it); GET and HEAD carry no body; anything else (a chunked body) is counted while it streams, by
 * hono's middleware.
 */
export function limitBody(maxSize: number, onError: (c: Context) => Response | Promise<Response>) {
  const streamed = bodyLimit({ maxSize, onError });
  return createMiddleware(async (c, next) => {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number(length) > maxSize ? onError(c) : next();
    }
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return streamed(c, next);
  });
}
