// Test support: a booted server whose app is built with `config.security` (and a resolver stub), the
// way `bootServer` builds it once boot passes `security` through.
import { createApp } from '../app.ts';
import { bootServer } from '../boot.ts';
import { testConfig } from '../testing/harness.ts';
import { UnresolvableHostError, type LookupAll } from './resolve-host.ts';

export function bootHardened(env: Record<string, string> = {}, options: { lookup?: LookupAll } = {}) {
  const config = testConfig(env);
  const booted = bootServer(config);
  const app = createApp({
    db: booted.db,
    vapidPublicKey: booted.vapid.publicKey,
    adminToken: booted.adminToken,
    fanout: booted.fanout,
    send: booted.send,
    allowHttpEndpoints: config.allowHttpEndpoints,
    security: config.security,
    lookup: options.lookup ?? offlineLookup({}),
  });
  return { ...booted, app, config };
}

/** A resolver from a table (no network); other names do not resolve. */
export function offlineLookup(table: Record<string, string[]>): LookupAll {
  return async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw new UnresolvableHostError(hostname, 'ENOTFOUND');
    return addresses;
  };
}

/** The third argument of `app.request()`: what @hono/node-server passes, here only the socket's address. */
export function fromAddress(remoteAddress: string) {
  return { incoming: { socket: { remoteAddress } } };
}
