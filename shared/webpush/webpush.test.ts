import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decrypt } from './encrypt.ts';
import { NoDataError, WebPushError } from './errors.ts';
import { generateVapidKeys } from './keys.ts';
import { DEFAULT_TTL } from './push-options.ts';
import { makeSubscription, parseVapidAuthorization, startPushSink, verifyJwt } from './test-helpers.ts';
import { webpush, WebPusher } from './webpusher.ts';

const vapid = generateVapidKeys();
const claims = { sub: 'mailto:push@example.com' };
const autopushGone = {
  code: 410,
  errno: 106,
  error: 'Gone',
  message: 'Request did not validate, no such subscription',
  more_info: 'https://autopush.readthedocs.io',
};

// The sink answers according to the path, like a push service in each of its moods.
const replies: Record<string, [number, Record<string, string>, string]> = {
  '/created': [201, { location: '/m/1', ttl: '60' }, ''],
  '/bad': [
    400,
    { 'content-type': 'application/json' },
    '{"code":400,"errno":110,"error":"Bad Request","message":"Invalid Topic header"}',
  ],
  '/fcm-bad': [
    400,
    { 'content-type': 'application/json' },
    '{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}}',
  ],
  '/missing': [404, {}, 'Not Found'],
  '/gone': [410, { 'content-type': 'application/json' }, JSON.stringify(autopushGone)],
  '/too-big': [
    413,
    { 'content-type': 'application/json' },
    '{"code":413,"errno":104,"error":"Payload Too Large","message":"Body too large"}',
  ],
  '/slow-down': [429, { 'retry-after': '7' }, ''],
  '/broken': [500, {}, 'internal error'],
};
let sink: Awaited<ReturnType<typeof startPushSink>>;

beforeAll(async () => {
  sink = await startPushSink((push, res) => {
    if (push.url === '/never') return; // never answers: the client's timeout must end it
    const [status, headers, body] = replies[push.url] ?? [500, {}, 'unknown path'];
    res.writeHead(status, headers).end(body);
  });
});
afterAll(() => sink.close());

const options = { vapidPrivateKey: vapid.privateKeyPem, vapidClaims: claims };

describe('webpush() against a real local HTTP server', () => {
  it('201: sends an aes128gcm body the receiver decrypts, with TTL, VAPID and content headers', async () => {
    const { subscription, receiver } = makeSubscription(`${sink.origin}/created`);
    const reply = await webpush(subscription, '{"title":"Hi"}', {
      ...options,
      urgency: 'high',
      topic: 'news',
    });
    expect(reply).toEqual({
      status: 201,
      headers: expect.objectContaining({ location: '/m/1', ttl: '60' }),
      body: '',
    });
    const push = sink.received.at(-1)!;
    expect(push.method).toBe('POST');
    expect(push.headers).toMatchObject({
      ttl: String(DEFAULT_TTL),
      urgency: 'high',
      topic: 'news',
      'content-encoding': 'aes128gcm',
      'content-type': 'application/octet-stream',
      'content-length': String(push.body.length),
    });
    expect(push.headers.encryption).toBeUndefined();
    expect(decrypt(push.body, receiver).toString()).toBe('{"title":"Hi"}');
    const { t, k } = parseVapidAuthorization(push.headers.authorization);
    expect(k).toBe(vapid.publicKey);
    expect(verifyJwt(t, k)).toMatchObject({ aud: sink.origin, sub: claims.sub });
  });

  it('aesgcm: Encryption and Crypto-Key (dh; p256ecdsa), decryptable', async () => {
    const { subscription, receiver } = makeSubscription(`${sink.origin}/created`);
    await webpush(subscription, 'legacy', { ...options, contentEncoding: 'aesgcm' });
    const push = sink.received.at(-1)!;
    expect(push.headers['content-encoding']).toBe('aesgcm');
    expect(push.headers['crypto-key']).toMatch(/^dh=[\w-]+;p256ecdsa=[\w-]+$/);
    expect(push.headers.authorization).toMatch(/^WebPush [\w-]+\.[\w-]+\.[\w-]+$/);
    const headers = {
      encryption: String(push.headers.encryption),
      cryptoKey: String(push.headers['crypto-key']),
    };
    expect(decrypt(push.body, receiver, 'aesgcm', headers).toString()).toBe('legacy');
  });

  it("aesgcm: a caller's Crypto-Key is kept, with dh and p256ecdsa joined to it by ';'; still decryptable", async () => {
    const { subscription, receiver } = makeSubscription(`${sink.origin}/created`);
    await webpush(subscription, 'legacy', {
      ...options,
      contentEncoding: 'aesgcm',
      headers: { 'Crypto-Key': 'foo=bar' },
    });
    const push = sink.received.at(-1)!;
    const cryptoKey = String(push.headers['crypto-key']);
    const dh = /;dh=([\w-]{87});/.exec(cryptoKey)?.[1];
    expect(cryptoKey).toBe(`foo=bar;dh=${dh};p256ecdsa=${vapid.publicKey}`);
    const headers = { encryption: String(push.headers.encryption), cryptoKey };
    expect(decrypt(push.body, receiver, 'aesgcm', headers).toString()).toBe('legacy');
  });

  it('no data: no body and no encryption headers; a TTL in headers wins', async () => {
    const { subscription } = makeSubscription(`${sink.origin}/created`);
    await webpush(subscription, undefined, {
      ...options,
      ttl: 30,
      headers: { ttl: '5', 'X-WNS-Type': 'wns/raw' },
    });
    const push = sink.received.at(-1)!;
    expect(push.body.length).toBe(0);
    expect(push.headers.ttl).toBe('5');
    expect(push.headers['x-wns-type']).toBe('wns/raw');
    expect(push.headers['content-encoding']).toBeUndefined();
    expect(push.headers['crypto-key']).toBeUndefined();
  });

  const failures: [string, number, string, boolean][] = [
    ['/bad', 400, 'push service answered 400: Invalid Topic header', false],
    ['/fcm-bad', 400, 'push service answered 400: bad', false],
    ['/missing', 404, 'push service answered 404: Not Found', true],
    ['/gone', 410, 'push service answered 410: Request did not validate, no such subscription', true],
    ['/too-big', 413, 'push service answered 413: Body too large', false],
    ['/slow-down', 429, 'push service answered 429', false],
    ['/broken', 500, 'push service answered 500: internal error', false],
  ];
  for (const [path, status, message, gone] of failures) {
    it(`${status}: rejects with a WebPushError carrying the reply`, async () => {
      const { subscription } = makeSubscription(`${sink.origin}${path}`);
      const error = (await webpush(subscription, 'x', options).catch((e: unknown) => e)) as WebPushError;
      expect(error).toBeInstanceOf(WebPushError);
      expect(error.status).toBe(status);
      expect(error.message).toBe(message);
      expect(error.isGone).toBe(gone);
      expect(error.endpoint).toBe(subscription.endpoint);
      if (status === 410) expect(error.json).toEqual(autopushGone);
      if (status === 429) expect(error.retryAfter).toBe(7);
    });
  }

  it('a server that never answers: rejects after the timeout with status 0', async () => {
    const { subscription } = makeSubscription(`${sink.origin}/never`);
    const error = (await webpush(subscription, 'x', { ...options, timeout: 300 }).catch(
      (e: unknown) => e,
    )) as WebPushError;
    expect(error).toBeInstanceOf(WebPushError);
    expect(error.status).toBe(0);
    expect(error.message).toBe('push request failed: no answer within 300 ms');
  });

  it("the caller's AbortSignal stops a request in flight, and one aborted before it starts", async () => {
    const { subscription } = makeSubscription(`${sink.origin}/never`);
    const controller = new AbortController();
    const inFlight = webpush(subscription, 'x', { ...options, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    setTimeout(() => controller.abort(), 100);
    const error = (await inFlight) as WebPushError;
    expect(error).toBeInstanceOf(WebPushError);
    expect(error.status).toBe(0);
    expect(error.message).toBe('push request failed: aborted by the caller');
    const before = sink.received.length;
    const early = (await webpush(makeSubscription(`${sink.origin}/created`).subscription, 'x', {
      ...options,
      signal: AbortSignal.abort(),
    }).catch((e: unknown) => e)) as WebPushError;
    expect(early.message).toBe('push request failed: aborted by the caller; the request was not sent');
    expect(sink.received.length).toBe(before);
  });

  it('a reply whose body breaks off still reports the status and headers the service sent', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(503, { 'content-length': '100', 'retry-after': '9' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { subscription } = makeSubscription(`http://127.0.0.1:${port}/broken-off`);
      const error = (await webpush(subscription, 'x', options).catch((e: unknown) => e)) as WebPushError;
      expect(error).toBeInstanceOf(WebPushError);
      expect(error.status).toBe(503);
      expect(error.headers['retry-after']).toBe('9');
      expect(error.message).toBe('push service answered 503: UND_ERR_SOCKET: other side closed');
    } finally {
      server.close();
    }
  });

  it('a closed port: rejects with status 0 and the network reason', async () => {
    const { subscription } = makeSubscription('http://127.0.0.1:9/x');
    const error = (await webpush(subscription, 'x', options).catch((e: unknown) => e)) as WebPushError;
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/^push request failed: .*ECONNREFUSED/);
  });

  it('payload too large: refused before any request, saying how much fits', async () => {
    const { subscription } = makeSubscription(`${sink.origin}/created`);
    const before = sink.received.length;
    await expect(webpush(subscription, 'x'.repeat(4000), options)).rejects.toThrow(
      'data: is 4000 bytes; at most 3993 bytes fit in one 4096-byte aes128gcm push message',
    );
    expect(sink.received.length).toBe(before);
  });
});

describe('WebPusher', () => {
  it('validates the subscription first, naming the field', () => {
    const { subscription } = makeSubscription();
    expect(() => new WebPusher({ ...subscription, endpoint: 'not a url' })).toThrow(
      'endpoint: must be an absolute URL, got "not a url"',
    );
    // Without keys, only a push without data (keyless.test.ts): data is refused by name.
    expect(() => new WebPusher({ endpoint: subscription.endpoint }).encode('x')).toThrow(
      /^keys: are required to send data \(p256dh and auth\)/,
    );
    expect(() => new WebPusher({ ...subscription, keys: { ...subscription.keys, p256dh: 'AAAA' } })).toThrow(
      'keys.p256dh: must decode to a 65-byte uncompressed P-256 point (got 3 bytes)',
    );
    expect(
      () => new WebPusher({ ...subscription, keys: { ...subscription.keys, auth: 'AAAAAAAA' } }),
    ).toThrow('keys.auth: must decode to 16 bytes (got 6)');
  });

  it('encode() returns body and headers; empty data throws NoDataError', () => {
    const { subscription, receiver } = makeSubscription();
    const pusher = new WebPusher(subscription);
    const encoded = pusher.encode('abc', 'aesgcm');
    expect(Object.keys(encoded.headers).sort()).toEqual(['Content-Encoding', 'Crypto-Key', 'Encryption']);
    const headers = { encryption: encoded.headers.Encryption!, cryptoKey: encoded.headers['Crypto-Key']! };
    expect(decrypt(encoded.body, receiver, 'aesgcm', headers).toString()).toBe('abc');
    expect(() => pusher.encode('')).toThrow(NoDataError);
  });

  it('checks ttl, urgency and topic', () => {
    const pusher = new WebPusher(makeSubscription().subscription);
    expect(() => pusher.request('x', { ttl: -1 })).toThrow(
      'ttl: must be a whole number of seconds >= 0, got -1',
    );
    expect(() => pusher.request('x', { urgency: 'urgent' as never })).toThrow(
      'urgency: must be one of very-low, low, normal, high, got "urgent"',
    );
    expect(() => pusher.request('x', { topic: 'a'.repeat(33) })).toThrow(
      /^topic: must be 1 to 32 base64url characters/,
    );
    expect(() => pusher.request('x', { topic: 'has space' })).toThrow(/^topic: /);
    expect(() => pusher.request('x', { vapidClaims: claims })).toThrow(
      'vapidPrivateKey: is required when vapidClaims are given',
    );
  });

  it('curl mode: returns the command, writes encrypted.data, sends nothing', async () => {
    const { subscription, receiver } = makeSubscription(`${sink.origin}/created`);
    const before = sink.received.length;
    const dataFile = join(mkdtempSync(join(tmpdir(), 'curl-')), 'encrypted.data');
    const command = await new WebPusher(subscription, options).send('curl me', {
      curl: true,
      curlDataFile: dataFile,
    });
    expect(sink.received.length).toBe(before);
    expect(command.split(' \\\n  ')[0]).toBe(`curl -vX POST ${subscription.endpoint}`);
    expect(command).toContain(`-H 'Content-Encoding: aes128gcm'`);
    expect(command).toContain(`--data-binary @${dataFile}`);
    expect(existsSync(dataFile)).toBe(true);
    expect(decrypt(readFileSync(dataFile), receiver).toString()).toBe('curl me');
  });
});
