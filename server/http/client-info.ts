import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';

/** Who is asking, as far as the socket (and trusted proxies) tell. */
export interface ClientInfo {
  /** The client's address: the socket's, or with TRUST_PROXY the one the nearest trusted proxy saw. */
  ip: string;
  /** Rate-limit key: the address, or its /64 for IPv6 (one host usually owns a whole /64). */
  key: string;
  /** The request reached us over https (TLS socket, or X-Forwarded-Proto: https from a trusted proxy). */
  secure: boolean;
  /** The host the browser asked for: Host, or X-Forwarded-Host from a trusted proxy. */
  host: string;
}

declare module 'hono' {
  interface ContextVariableMap {
    client: ClientInfo;
  }
}

/** Sets `c.var.client` once per request. `trustProxy` is how many proxies in front append to X-Forwarded-For. */
export function clientInfo(trustProxy: number) {
  return createMiddleware(async (c, next) => {
    c.set('client', readClient(c, trustProxy));
    await next();
  });
}

export function readClient(c: Context, trustProxy: number): ClientInfo {
  const socketAddress =
    (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown';
  let ip = socketAddress;
  const url = new URL(c.req.url);
  let secure = url.protocol === 'https:';
  let host = c.req.header('host') ?? url.host;
  if (trustProxy > 0) {
    const chain = [...list(c.req.header('x-forwarded-for')), socketAddress];
    ip = chain[Math.max(0, chain.length - 1 - trustProxy)]!;
    const proto = list(c.req.header('x-forwarded-proto')).at(-1);
    if (proto) secure = proto.toLowerCase() === 'https';
    host = list(c.req.header('x-forwarded-host')).at(-1) ?? host;
  }
  ip = ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
  return { ip, key: rateKey(ip), secure, host };
}

function list(header: string | undefined): string[] {
  return header
    ? header
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
    : [];
}

function rateKey(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const [head = '', tail] = ip.split('::');
  const groups = head ? head.split(':') : [];
  if (tail !== undefined) while (groups.length < 4) groups.push('0');
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/** The client info a handler can rely on, even in a test app built without the middleware. */
export function clientOf(c: Context): ClientInfo {
  return c.get('client') ?? readClient(c, 0);
}
