/**
 * Control API for tests, JSON under /_control (off with `control: false`):
 *   GET    /_control/state                       browsers, their channels and endpoints
 *   GET    /_control/messages?endpoint=&channelID=  accepted pushes (headers, bodyLength, state, ackCode)
 *   GET    /_control/requests?endpoint=          every POST to an endpoint and the status it got (0 = dropped)
 *   GET    /_control/faults                      active faults
 *   POST   /_control/faults                      {endpoint?, status?, retryAfter?, delayMs?, drop?, times?} -> 201
 *   DELETE /_control/faults[/<id>]               clear all faults, or one
 *   POST   /_control/reset                       clear faults and logs (browsers and queues stay)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, type ServiceContext } from './context.ts';
import { sendJson } from './errors.ts';
import { endpointIdOf, parseFaultRequest } from './faults.ts';

export async function handleControl(
  ctx: ServiceContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string[],
  query: URLSearchParams,
): Promise<void> {
  const route = `${req.method ?? 'GET'} ${path.join('/')}`;
  const endpoint = query.get('endpoint');
  const endpointId = endpoint === null ? undefined : endpointIdOf(endpoint);
  switch (route) {
    case 'GET state':
      return sendJson(res, 200, state(ctx));
    case 'GET messages': {
      const channelID = query.get('channelID') ?? undefined;
      const filter = {
        ...(endpointId !== undefined && { endpointId }),
        ...(channelID !== undefined && { channelID }),
      };
      return sendJson(res, 200, { messages: ctx.store.messages(filter) });
    }
    case 'GET requests':
      return sendJson(res, 200, {
        requests: ctx.store.requests.filter(
          (request) => endpointId === undefined || request.endpointId === endpointId,
        ),
      });
    case 'GET faults':
      return sendJson(res, 200, { faults: ctx.faults.list() });
    case 'POST faults': {
      const body = await readJson(req);
      if (body instanceof Error) return sendJson(res, 400, { error: body.message });
      try {
        return sendJson(res, 201, { fault: ctx.faults.add(parseFaultRequest(body)) });
      } catch (error) {
        return sendJson(res, 400, { error: (error as Error).message });
      }
    }
    case 'DELETE faults':
      ctx.faults.clear();
      return void res.writeHead(204).end();
    case 'POST reset':
      ctx.faults.clear();
      ctx.store.log.clear();
      return void res.writeHead(204).end();
  }
  if (req.method === 'DELETE' && path[0] === 'faults' && path.length === 2) {
    if (ctx.faults.remove(path[1] ?? '')) return void res.writeHead(204).end();
    return sendJson(res, 404, { error: `no fault with id ${path[1]}` });
  }
  sendJson(res, 404, { error: `unknown control route ${route}; see push-service/control.ts` });
}

function state(ctx: ServiceContext) {
  return {
    origin: ctx.origin,
    browsers: ctx.store.uaids().map((uaid) => ({
      uaid,
      online: ctx.hub.isOnline(uaid),
      pending: ctx.store.pending(uaid).length,
      channels: ctx.store.channelsOf(uaid).map((channel) => ({
        channelID: channel.channelID,
        endpoint: `${ctx.origin}/wpush/${channel.endpointId}`,
        active: channel.active,
        appServerKey: channel.appServerKey?.toString('base64url') ?? null,
      })),
    })),
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const { body, tooLarge } = await readBody(req, 64 * 1024);
  if (tooLarge) return new Error('body: larger than 64 KiB');
  try {
    return JSON.parse(body.toString('utf8') || '{}');
  } catch {
    return new Error('body: not valid JSON');
  }
}
