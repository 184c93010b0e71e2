/** HTTP routes: push endpoints (RFC 8030) for senders, message resources, and the control API. */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ServiceContext } from './context.ts';
import { handleControl } from './control.ts';
import { ERRNO, PushServiceError, sendPushError } from './errors.ts';
import { handleCancel, handlePush } from './push-endpoint.ts';

export const ENDPOINT_PATH = 'wpush';
export const MESSAGE_PATH = 'm';

export function createRequestHandler(ctx: ServiceContext): RequestListener {
  return (req, res) => {
    route(ctx, req, res).catch((error: unknown) => {
      if (error instanceof PushServiceError) return sendPushError(res, error);
      ctx.log(`internal error on ${req.method} ${req.url}: ${(error as Error).message}`);
      if (!res.headersSent && !res.destroyed) {
        sendPushError(
          res,
          new PushServiceError(500, ERRNO.unknown, 'Internal error in the local push service'),
        );
      }
    });
  };
}

async function route(ctx: ServiceContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.origin);
  const [first, ...rest] = url.pathname.split('/').filter(Boolean);
  const id = rest.length === 1 ? rest[0] : undefined;

  if (first === ENDPOINT_PATH && id) {
    if (req.method !== 'POST') throw methodNotAllowed('POST');
    return handlePush(ctx, req, res, id);
  }
  if (first === MESSAGE_PATH && id) {
    if (req.method !== 'DELETE') throw methodNotAllowed('DELETE');
    return handleCancel(ctx, res, id);
  }
  if (first === '_control' && ctx.control) return handleControl(ctx, req, res, rest, url.searchParams);
  if (first === undefined && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(
      `Local push service. Browsers connect to ${ctx.origin.replace(/^http/, 'ws')}; senders POST to ${ctx.origin}/${ENDPOINT_PATH}/<id>.\n`,
    );
    return;
  }
  throw new PushServiceError(404, ERRNO.invalidEndpoint, `Not found: ${url.pathname}`);
}

function methodNotAllowed(allowed: string): PushServiceError {
  return new PushServiceError(405, ERRNO.invalidEndpoint, `Method not allowed: use ${allowed}`, {
    allow: allowed,
  });
}
