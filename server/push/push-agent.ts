import type { LookupFunction } from 'node:net';
import { Agent, EnvHttpProxyAgent } from 'undici';
import type { PushProxyConfig } from './push-proxy.ts';

/** The pool's connection settings, the same with a proxy or without one. */
const KEEP_ALIVE = { keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 };

/**
 * The server's one connection pool toward push services, kept for its lifetime: keep-alive
 * connections to each push service origin are reused by every fan-out and test push instead of
 * a TLS handshake per message. `connections` caps the sockets per origin. `lookup` (the endpoint policy's
 * guarded resolver) refuses a connection to a name that resolves to a private address at send time.
 *
 * With `proxy`, pushes go through it by undici's EnvHttpProxyAgent rules, over CONNECT tunnels that are kept
 * alive and reused like direct connections (`connections` per push service origin). The guarded lookup then
 * guards only the hosts in NO_PROXY, which are reached directly. Through the proxy the server does not resolve
 * the push service's name (the proxy does, and must enforce the egress rules), and the connection to the proxy
 * the operator chose is not guarded, wherever it is. The endpoint policy still judges every endpoint before a
 * push (fanout.ts, send-time-check.ts).
 */
export function createPushAgent(connections: number, lookup?: LookupFunction): Agent;
export function createPushAgent(
  connections: number,
  lookup: LookupFunction | undefined,
  proxy: PushProxyConfig | null,
): Agent | EnvHttpProxyAgent;
export function createPushAgent(
  connections: number,
  lookup?: LookupFunction,
  proxy?: PushProxyConfig | null,
): Agent | EnvHttpProxyAgent {
  const direct = { connections, ...KEEP_ALIVE, ...(lookup && { connect: { lookup } }) };
  if (!proxy) return new Agent(direct);
  // Every value is given, even when empty: undici would otherwise read process.env itself.
  return new EnvHttpProxyAgent({
    ...direct,
    httpsProxy: proxy.httpsProxy ?? '',
    httpProxy: proxy.httpProxy ?? '',
    noProxy: proxy.noProxy,
  });
}
