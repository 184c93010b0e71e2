/**
 * Test fixtures: a fake browser speaking the push WebSocket protocol over a real socket, and a
 * hand-rolled VAPID signer so tests can forge every kind of bad token.
 */
import { createECDH, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import { FakeBrowser } from './fake-browser.ts';
import { startPushService, type PushService, type PushServiceOptions } from './server.ts';

export { FakeBrowser, type Frame } from './fake-browser.ts';

/** A browser's push keys: p256dh/auth for the subscription, the private half to decrypt. */
export function makeReceiver() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = Buffer.from(Array.from({ length: 16 }, (_, i) => i * 7));
  return {
    p256dh: ecdh.getPublicKey('base64url'),
    auth: auth.toString('base64url'),
    privateKey: ecdh.getPrivateKey(),
    authBytes: auth,
  };
}

export interface TestVapidKeys {
  privateKey: KeyObject;
  /** base64url 65-byte point, unpadded. */
  publicKey: string;
}

export function makeVapidKeys(): TestVapidKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x ?? '', 'base64url'),
    Buffer.from(jwk.y ?? '', 'base64url'),
  ]);
  return { privateKey, publicKey: point.toString('base64url') };
}

export function signJwt(
  privateKey: KeyObject,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { typ: 'JWT', alg: 'ES256' },
): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode(header)}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** Valid claims for `aud` at time `nowMs`, with overrides. */
export function claimsFor(
  aud: string,
  nowMs: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return { aud, exp: Math.floor(nowMs / 1000) + 12 * 3600, sub: 'mailto:ops@example.com', ...overrides };
}

export function vapidAuthorization(keys: TestVapidKeys, claims: Record<string, unknown>): string {
  return `vapid t=${signJwt(keys.privateKey, claims)}, k=${keys.publicKey}`;
}

export async function readReply(response: Response) {
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

export interface RawPush {
  keys: TestVapidKeys;
  /** The push service origin (VAPID aud). */
  aud: string;
  nowMs: number;
  body?: Buffer | string;
  /** Replace or, with undefined, remove default headers (TTL, Authorization, Content-Encoding). */
  headers?: Record<string, string | undefined>;
}

/** A POST as a sender makes it: TTL 60, a valid VAPID header and aes128gcm when there is a body. */
export async function sendRaw(endpoint: string, push: RawPush) {
  const merged: Record<string, string | undefined> = {
    ttl: '60',
    authorization: vapidAuthorization(push.keys, claimsFor(push.aud, push.nowMs)),
    ...(push.body !== undefined && { 'content-encoding': 'aes128gcm' }),
    ...Object.fromEntries(
      Object.entries(push.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    ),
  };
  const headers = Object.fromEntries(
    Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return readReply(
    await fetch(endpoint, {
      method: 'POST',
      headers,
      ...(push.body !== undefined && { body: new Uint8Array(Buffer.from(push.body)) }),
    }),
  );
}

/**
 * Starts a push service before each test and, after it, closes every browser connected through `connect` and
 * the service. `options` is read at each start (tests with a fake clock pass a getter).
 */
export function usePushService(options: () => PushServiceOptions = () => ({})) {
  let service: PushService | undefined;
  const browsers: FakeBrowser[] = [];
  beforeEach(async () => {
    service = await startPushService(options());
  });
  afterEach(async () => {
    await Promise.all(browsers.splice(0).map((browser) => browser.close()));
    await service?.close();
  });
  return {
    get service(): PushService {
      if (!service) throw new Error('the push service starts in beforeEach');
      return service;
    },
    async connect(uaid?: string): Promise<FakeBrowser> {
      return this.track(await FakeBrowser.connect(this.service.wsUrl, uaid));
    },
    /** Closes a browser opened some other way after the test, too. */
    track(browser: FakeBrowser): FakeBrowser {
      browsers.push(browser);
      return browser;
    },
  };
}
