/** RFC 8030 §5: a sender POSTs a push message to a push endpoint. Checks follow Mozilla autopush. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, type ServiceContext } from './context.ts';
import { ERRNO, PushServiceError, sendPushError } from './errors.ts';
import { readPushHeaders } from './push-headers.ts';
import type { Channel } from './store.ts';
import { parseVapidCredentials, VapidError, verifyVapid } from './vapid-verify.ts';

export async function handlePush(
  ctx: ServiceContext,
  req: IncomingMessage,
  res: ServerResponse,
  endpointId: string,
): Promise<void> {
  const fault = ctx.faults.take(endpointId);
  if (fault?.type === 'drop') {
    ctx.store.logRequest({ endpointId, status: 0 });
    req.socket.destroy();
    return;
  }
  try {
    const { body, tooLarge } = await readBody(req, ctx.maxPayloadBytes);
    if (fault?.type === 'delay') await ctx.sleep(fault.ms);
    if (fault?.type === 'status') {
      const headers: Record<string, string> =
        fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
      throw new PushServiceError(
        fault.status,
        ERRNO.unknown,
        `Fault injected through the control API (${fault.status})`,
        headers,
      );
    }
    const channel = findChannel(ctx, endpointId);
    checkVapid(ctx, req, channel);
    const headers = readPushHeaders(req.headers, body.length > 0);
    if (tooLarge) {
      throw new PushServiceError(
        413,
        ERRNO.payloadTooLarge,
        `Data payload must be at most ${ctx.maxPayloadBytes} bytes`,
      );
    }

    const online = ctx.hub.isOnline(channel.uaid);
    // RFC 8030 §5.2: TTL 0 to an offline browser is dropped, yet the push is still accepted (201).
    const keep = headers.ttl > 0 || online;
    const message = ctx.store.accept(
      {
        channel,
        data: body.length > 0 ? body : null,
        ...(headers.notificationHeaders && { notificationHeaders: headers.notificationHeaders }),
        ttl: headers.ttl,
        urgency: headers.urgency,
        ...(headers.topic !== undefined && { topic: headers.topic }),
      },
      flattenHeaders(req.headers),
      keep,
    );
    if (keep) ctx.hub.deliver(message);
    ctx.store.logRequest({ endpointId, status: 201, messageId: message.id });
    ctx.log(
      `push ${message.id} to ${channel.channelID}: ${body.length} bytes, TTL ${headers.ttl}, ${online ? 'delivered' : keep ? 'queued' : 'dropped (TTL 0, offline)'}`,
    );
    res.writeHead(201, {
      location: `${ctx.origin}/m/${message.id}`,
      ttl: String(headers.ttl),
      'content-length': 0,
    });
    res.end();
  } catch (error) {
    if (!(error instanceof PushServiceError)) throw error;
    ctx.store.logRequest({ endpointId, status: error.status, errno: error.errno });
    ctx.log(`push to ${endpointId.slice(0, 8)}… refused: ${error.status} ${error.message}`);
    sendPushError(res, error);
  }
}

/** RFC 8030 §7.4: the sender withdraws a message that has not been acknowledged yet. */
export function handleCancel(ctx: ServiceContext, res: ServerResponse, messageId: string): void {
  if (!ctx.store.cancel(messageId)) {
    throw new PushServiceError(
      404,
      ERRNO.invalidEndpoint,
      'No pending message with this id (delivered, expired or unknown)',
    );
  }
  res.writeHead(204).end();
}

function findChannel(ctx: ServiceContext, endpointId: string): Channel {
  const channel = ctx.store.channelByEndpoint(endpointId);
  if (!channel) {
    throw new PushServiceError(
      410,
      ERRNO.unknownEndpoint,
      'No such subscription: this endpoint was never registered here (did the push service restart?)',
    );
  }
  if (!channel.active)
    throw new PushServiceError(
      410,
      ERRNO.unregisteredEndpoint,
      'No such subscription: the browser unsubscribed',
    );
  return channel;
}

function checkVapid(ctx: ServiceContext, req: IncomingMessage, channel: Channel): void {
  try {
    const credentials = parseVapidCredentials(req.headers.authorization, single(req.headers['crypto-key']));
    verifyVapid(credentials, {
      audience: ctx.origin,
      now: ctx.store.now(),
      registeredKey: channel.appServerKey,
    });
  } catch (error) {
    if (error instanceof VapidError) throw new PushServiceError(error.status, ERRNO.vapid, error.message);
    throw error;
  }
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) flat[name] = single(value) ?? '';
  return flat;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
