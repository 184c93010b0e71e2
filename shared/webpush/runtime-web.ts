// The back ends of Deno, Workers, browsers and any other runtime (`#runtime` under "deno", "workerd", "worker",
// "browser", "default"): WebCrypto and fetch. Nothing here imports a node: module.
import type { CryptoBackend } from './crypto-backend.ts';
import { backend } from './crypto-web.ts';
import { fetchTransport } from './transport-fetch.ts';
import type { Transport } from './transport.ts';

export const crypto: CryptoBackend = backend;
export const runtime = { crypto: backend.name, transport: 'fetch' } as const;
export const defaultTransport: Transport = fetchTransport();
/** `http2: true` changes nothing here: the runtime's fetch picks the protocol. */
export const http2Transport: Transport = defaultTransport;

/** fetch pools connections itself. */
export function pooledTransport(): { transport: Transport; close: () => Promise<void> } {
  return { transport: defaultTransport, close: async () => undefined };
}
