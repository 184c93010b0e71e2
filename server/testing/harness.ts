// Test support for server tests: a booted app on ':memory:' (real migrations), sign-in helpers,
// and subscriptions with real P-256 keys whose private half stays here to decrypt what was sent.
import { createECDH, randomBytes } from 'node:crypto';
import { bootServer, type BootOverrides } from '../boot.ts';
import { loadConfig } from '../config.ts';
import { UnresolvableHostError, type LookupAll } from '../security/resolve-host.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
/** The header an admin request carries. */
export const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

export function testConfig(env: Record<string, string> = {}) {
  return loadConfig({ DATABASE_PATH: ':memory:', NODE_ENV: 'test', ADMIN_TOKEN, ...env });
}

/**
 * A server booted on ':memory:' with `env` over the test defaults. The endpoint policy resolves names from
 * `overrides.lookup` (default: nothing resolves), so no test asks a real DNS server.
 */
export function bootForTest(env: Record<string, string> = {}, overrides: BootOverrides = {}) {
  const config = testConfig(env);
  return { ...bootServer(config, { lookup: offlineLookup({}), ...overrides }), config };
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

type App = ReturnType<typeof bootServer>['app'];

/** A JSON request init. */
export function jsonRequest(
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Signs in as `name` and returns the Cookie header value to send. */
export async function signIn(app: App, name: string): Promise<string> {
  const res = await app.request('/api/session', jsonRequest('POST', { name }));
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return cookieFrom(res, 'session');
}

/** Logs in to the admin API and returns the Cookie header value. */
export async function adminLogin(app: App, token = ADMIN_TOKEN): Promise<string> {
  const res = await app.request('/api/admin/login', jsonRequest('POST', { token }));
  if (res.status !== 204) throw new Error(`admin login failed: ${res.status} ${await res.text()}`);
  return cookieFrom(res, 'admin');
}

export function cookieFrom(res: Response, name: string): string {
  const cookie = res.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
  if (!cookie) throw new Error(`no ${name} cookie in the response`);
  return cookie.split(';')[0]!;
}

/** A subscription like a browser's `toJSON()`, plus the private key and auth secret to decrypt with. */
export function browserSubscription(endpoint: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    json: {
      endpoint,
      expirationTime: null,
      keys: { p256dh: ecdh.getPublicKey('base64url'), auth: auth.toString('base64url') },
    },
    receiver: { privateKey: ecdh.getPrivateKey(), publicKey: ecdh.getPublicKey(), auth },
  };
}

/** Subscribes a signed-in user's browser; returns the new device id. */
export async function subscribe(app: App, cookie: string, subscription: unknown): Promise<number> {
  const res = await app.request('/api/subscriptions', jsonRequest('POST', subscription, { cookie }));
  if (res.status !== 201) throw new Error(`subscribe failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { device: { id: number } }).device.id;
}
