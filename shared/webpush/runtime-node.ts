// The back ends of Node (the package's `#runtime` import under the "node" condition, and what the Node entry
// always uses): node:crypto, and undici's dispatcher with a minimal handler (~80 us less CPU a push than fetch
// or request()). Bun can load the Node entry too, but its undici has no dispatch(): there, fetch.
import type { CryptoBackend } from './crypto-backend.ts';
import { Agent, getGlobalDispatcher } from 'undici';
import { backend } from './crypto-node.ts';
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

/** sendMany's own connection pool: keep-alive connections, as many as pushes in flight. */
export function pooledTransport(connections: number): { transport: Transport; close: () => Promise<void> } {
  if (onBun) return { transport: defaultTransport, close: async () => undefined };
  const agent = new Agent({ connections, keepAliveTimeout: 30_000 });
  return { transport: dispatcherTransport(agent), close: () => agent.close() };
}
