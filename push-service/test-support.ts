/**
 * Test fixtures: a fake browser speaking the push WebSocket protocol over a real socket, and a
 * hand-rolled VAPID signer so tests can forge every kind of bad token.
 */
import { createECDH, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { WebSocket } from 'ws';

export type Frame = Record<string, unknown> & { messageType?: string };

export class FakeBrowser {
  uaid = '';
  closeCode: number | undefined;
  private readonly frames: Frame[] = [];
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      this.wake();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
  }

  /** Opens a socket with the `push-notification` subprotocol and says hello (with a uaid to resume). */
  static async connect(wsUrl: string, uaid?: string): Promise<FakeBrowser> {
    const browser = await FakeBrowser.open(wsUrl);
    browser.send({ messageType: 'hello', broadcasts: {}, use_webpush: true, ...(uaid && { uaid }) });
    browser.uaid = String((await browser.next('hello')).uaid);
    return browser;
  }

  /** A socket that has not said hello yet. */
  static async open(wsUrl: string): Promise<FakeBrowser> {
    const ws = new WebSocket(wsUrl, 'push-notification');
    await once(ws, 'open');
    return new FakeBrowser(ws);
  }

  send(frame: Frame | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame of this messageType ('ping' for `{}`), waiting for it if needed. */
  async next(type: string): Promise<Frame> {
    for (;;) {
      const at = this.frames.findIndex((frame) => (frame.messageType ?? 'ping') === type);
      if (at !== -1) return this.frames.splice(at, 1)[0] as Frame;
      if (this.closeCode !== undefined)
        throw new Error(`socket closed (${this.closeCode}) while waiting for ${type}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Everything of this type received so far. Call sync() first: the server answers in order. */
  take(type: string): Frame[] {
    const taken = this.frames.filter((frame) => (frame.messageType ?? 'ping') === type);
    this.frames.splice(0, this.frames.length, ...this.frames.filter((frame) => !taken.includes(frame)));
    return taken;
  }

  /** Round-trips a `{}` ping, so every frame the server sent before it has arrived. */
  async sync(): Promise<void> {
    this.send({});
    await this.next('ping');
  }

  async register(
    key?: string,
    channelID: string = randomUUID(),
  ): Promise<{ channelID: string; endpoint: string }> {
    this.send({ messageType: 'register', channelID, ...(key !== undefined && { key }) });
    const reply = await this.next('register');
    if (reply.status !== 200) throw new Error(`register failed: ${JSON.stringify(reply)}`);
    return { channelID, endpoint: String(reply.pushEndpoint) };
  }

  ack(channelID: string, version: string, code = 100): void {
    this.send({ messageType: 'ack', updates: [{ channelID, version, code }] });
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const closed = once(this.ws, 'close');
    this.ws.close();
    await closed;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

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
