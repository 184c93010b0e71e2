// The back ends of Node (the package's `#runtime` import under the "node" condition, and what the Node entry
// always uses): node:crypto, and undici's dispatcher with a minimal handler (~80 us less CPU a push than fetch
// or request()). Bun can load the Node entry too, but its undici has no dispatch(): there, fetch.
import type { CryptoBackend } from './crypto-backend.ts';
import { Agent, getGlobalDispatcher } from 'undici';
import { backend } from './crypto-node.ts';
import { http2Agent } from './http2-node.ts';
import { dispatcherTransport } from './transport-dispatcher.ts';
import { fetchTransport } from './transport-fetch.ts';
import type { Transport } from './transport.ts';

const onBun = typeof (globalThis as { Bun?: unknown }).Bun !== 'undefined';

export const crypto: CryptoBackend = backend;
export const runtime = { crypto: backend.name, transport: onBun ? 'fetch' : 'undici' } as const;

/** undici's global dispatcher, looked up per push so that setGlobalDispatcher() (a proxy, a mock) applies. */
export const defaultTransport: Transport = onBun
  ? fetchTransport()
  : dispatcherTransport(getGlobalDispatcher);

let sharedHttp2Agent: Agent | undefined;

/**
 * Single sends with `http2: true`: one agent for the process, made at the first such push and kept (as the
 * global dispatcher is for the others), so its h2 sessions carry the pushes that follow.
 */
export const http2Transport: Transport = onBun
  ? defaultTransport
  : dispatcherTransport(() => (sharedHttp2Agent ??= http2Agent()));

/**
 * sendMany's own connection pool: keep-alive connections, as many as pushes in flight; with `http2`, one h2
 * session per origin that speaks it (http2-node.ts), such a pool for the others.
 */
export function pooledTransport(
  connections: number,
  http2 = false,
): { transport: Transport; close: () => Promise<void> } {
  if (onBun) return { transport: defaultTransport, close: async () => undefined };
  const agent = http2
    ? http2Agent({ connections, keepAliveTimeout: 30_000 })
    : new Agent({ connections, keepAliveTimeout: 30_000 });
  return { transport: dispatcherTransport(agent), close: () => agent.close() };
}
