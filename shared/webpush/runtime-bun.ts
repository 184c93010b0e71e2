// The back ends of Bun (`#runtime` under "bun"): its node:crypto (about twice its WebCrypto's speed) and its
// fetch (Bun's undici is a stand-in without dispatch()).
import type { CryptoBackend } from './crypto-backend.ts';
import { backend } from './crypto-node.ts';
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
