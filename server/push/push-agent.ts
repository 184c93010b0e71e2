import { Agent } from 'undici';

/**
 * The server's one connection pool toward push services, kept for its lifetime: keep-alive
 * connections to each push service origin are reused by every fan-out and test push instead of
 * a TLS handshake per message. `connections` caps the sockets per origin.
 */
export function createPushAgent(connections: number): Agent {
  return new Agent({ connections, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });
}
