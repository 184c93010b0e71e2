import { lookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { classifyAddress } from './address-ranges.ts';

export interface GuardedLookupOptions {
  /** ALLOW_PRIVATE_ENDPOINTS: connect anywhere (development). */
  allowPrivateEndpoints: boolean;
  /** ALLOW_HTTP_ENDPOINTS: their host names may resolve to private addresses (a local push service). */
  allowHttpOrigins: readonly string[];
}

/**
 * A `lookup` for the push connections (undici `new Agent({ connect: { lookup } })`): resolves as usual but
 * fails the connection when the name resolves to a loopback, private, link-local, metadata... address. The
 * endpoint policy checks before a send; this closes the gap of DNS answering differently a moment later
 * (rebinding). IP-literal hosts never reach a lookup: the policy's check covers them.
 */
export function guardedLookup(options: GuardedLookupOptions): LookupFunction {
  const exempt = new Set(options.allowHttpOrigins.map((origin) => new URL(origin).hostname));
  return ((hostname: string, lookupOptions: LookupAllOptions, callback: Callback) => {
    lookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      if (!options.allowPrivateEndpoints && !exempt.has(hostname)) {
        for (const { address } of addresses) {
          const found = classifyAddress(address);
          if (found) return callback(refusal(hostname, found.kind, address), []);
        }
      }
      if (lookupOptions.all) return callback(null, addresses);
      const first = addresses[0]!;
      return (callback as unknown as SingleCallback)(null, first.address, first.family);
    });
  }) as LookupFunction;
}

type Callback = (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void;
type SingleCallback = (error: NodeJS.ErrnoException | null, address: string, family: number) => void;

function refusal(hostname: string, kind: string, address: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(
    `refusing to connect to ${hostname}: it resolves to a ${kind} address (${address}); set ALLOW_PRIVATE_ENDPOINTS=1 to allow it in development`,
  );
  error.code = 'ENOTALLOWED';
  return error;
}
