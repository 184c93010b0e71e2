import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';

/**
 * The server's one connection pool toward push services, kept for its lifetime: keep-alive
 * connections to each push service origin are reused by every fan-out and test push instead of
 * a TLS handshake per message. `connections` caps the sockets per origin. `lookup` (the endpoint policy's
 * guarded resolver) refuses a connection to a name that resolves to a private address at send time.
 */
export function createPushAgent(connections: number, lookup?: LookupFunction): Agent {
  return new Agent({
    connections,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
    ...(lookup && { connect: { lookup } }),
  });
}
