import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPushService, type PushService } from './server.ts';
import {
  claimsFor,
  FakeBrowser,
  makeVapidKeys,
  sendRaw,
  signJwt,
  vapidAuthorization,
} from './test-support.ts';

const keys = makeVapidKeys();
let service: PushService;
let browser: FakeBrowser;
let endpoint: string;

beforeAll(async () => {
  service = await startPushService();
  browser = await FakeBrowser.connect(service.wsUrl);
  // Firefox sends the applicationServerKey base64url with '=' padding.
  endpoint = (await browser.register(`${keys.publicKey}=`)).endpoint;
});
afterAll(async () => {
  await browser.close();
  await service.close();
});

type Headers = Record<string, string | undefined>;
const push = (headers: Headers = {}, body?: string | Buffer, to = endpoint) =>
  sendRaw(to, { keys, aud: service.url, nowMs: Date.now(), headers, ...(body !== undefined && { body }) });
const auth = (overrides: Record<string, unknown>, signer = keys) =>
  vapidAuthorization(signer, claimsFor(service.url, Date.now(), overrides));

describe('RFC 8030 sender rules, answered like Mozilla autopush', () => {
  it('201 with Location (a message URL) and the TTL echoed', async () => {
    const reply = await push({ ttl: '120' }, 'body');
    expect(reply.status).toBe(201);
    expect(reply.headers.get('location')).toMatch(new RegExp(`^${service.url}/m/[A-Za-z0-9_-]{22}$`));
    expect(reply.headers.get('ttl')).toBe('120');
    expect(reply.text).toBe('');
  });

  it("errors carry autopush's JSON body {code, errno, error, message, more_info}", async () => {
    const reply = await push({ ttl: undefined });
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.json).toEqual({
      code: 400,
      errno: 111,
      error: 'Bad Request',
      message: 'Missing TTL header (RFC 8030 §5.2 requires it)',
      more_info: 'http://autopush.readthedocs.io/en/latest/http.html#error-codes',
    });
  });

  it.each([
    ['TTL is not a number', { ttl: 'soon' }, undefined, 400, 111],
    ['TTL is negative', { ttl: '-1' }, undefined, 400, 114],
    ['a body has no Content-Encoding', { 'content-encoding': undefined }, 'x', 400, 110],
    ['Content-Encoding is unknown', { 'content-encoding': 'gzip' }, 'x', 400, 110],
    ['aesgcm lacks Encryption', { 'content-encoding': 'aesgcm', 'crypto-key': 'dh=BBBB' }, 'x', 400, 110],
    [
      'aesgcm lacks salt',
      { 'content-encoding': 'aesgcm', encryption: 'rs=4096', 'crypto-key': 'dh=BBBB' },
      'x',
      400,
      110,
    ],
    ['aesgcm lacks Crypto-Key', { 'content-encoding': 'aesgcm', encryption: 'salt=AAAA' }, 'x', 400, 110],
    [
      'aesgcm Crypto-Key lacks dh',
      { 'content-encoding': 'aesgcm', encryption: 'salt=AAAA', 'crypto-key': 'keyid=p256dh' },
      'x',
      400,
      110,
    ],
    ['aes128gcm carries a salt header', { encryption: 'salt=AAAA' }, 'x', 400, 110],
    ['Topic is 33 characters', { topic: 'a'.repeat(33) }, undefined, 400, 113],
    ['Topic is not base64url', { topic: 'no spaces' }, undefined, 400, 113],
    ['Topic has padding', { topic: 'abcd==' }, undefined, 400, 113],
    ['Urgency is unknown', { urgency: 'urgent' }, undefined, 400, 112],
  ] as const)('400 when %s', async (_name, headers, body, status, errno) => {
    const reply = await push(headers, body);
    expect([reply.status, reply.json?.errno]).toEqual([status, errno]);
  });

  it.each(['very-low', 'low', 'normal', 'high'])('accepts Urgency %s', async (urgency) => {
    expect((await push({ urgency })).status).toBe(201);
  });

  it('accepts a 32-character Topic', async () => {
    expect((await push({ topic: 'A'.repeat(31) + '_' })).status).toBe(201);
  });

  it('caps TTL at 60 days and echoes the kept value', async () => {
    expect((await push({ ttl: String(365 * 86_400) })).headers.get('ttl')).toBe(String(60 * 86_400));
  });

  it('413 (errno 104) for a 4097-byte body; 4096 bytes is fine', async () => {
    expect((await push({}, Buffer.alloc(4096, 1))).status).toBe(201);
    const reply = await push({}, Buffer.alloc(4097, 1));
    expect([reply.status, reply.json?.errno, reply.json?.message]).toEqual([
      413,
      104,
      'Data payload must be at most 4096 bytes',
    ]);
  });

  it.each([
    ['there is no Authorization header', () => ({ authorization: undefined })],
    ['the scheme is not VAPID', () => ({ authorization: 'key=AIza-legacy-gcm' })],
    [
      'aud is another origin',
      () => ({ authorization: auth({ aud: 'https://updates.push.services.mozilla.com' }) }),
    ],
    ['exp has passed', () => ({ authorization: auth({ exp: Math.floor(Date.now() / 1000) - 1 }) })],
    [
      'exp is more than 24 h ahead',
      () => ({ authorization: auth({ exp: Math.floor(Date.now() / 1000) + 86_460 }) }),
    ],
    [
      'the signature is not from k',
      () => ({
        authorization: `vapid t=${signJwt(makeVapidKeys().privateKey, claimsFor(service.url, Date.now()))}, k=${keys.publicKey}`,
      }),
    ],
  ])('401 (errno 109) when %s', async (_name, headers) => {
    const reply = await push(headers());
    expect([reply.status, reply.json?.errno]).toEqual([401, 109]);
  });

  it('403 (errno 109) when k is not the applicationServerKey given at subscribe', async () => {
    const reply = await push({ authorization: auth({}, makeVapidKeys()) });
    expect([reply.status, reply.json?.errno]).toEqual([403, 109]);
    expect(reply.json?.message).toBe(
      'VAPID public key does not match the applicationServerKey this subscription was created with',
    );
  });

  it('accepts the aesgcm-era `WebPush <jwt>` with p256ecdsa in Crypto-Key', async () => {
    const token = signJwt(keys.privateKey, claimsFor(service.url, Date.now()));
    const headers = {
      authorization: `WebPush ${token}`,
      'content-encoding': 'aesgcm',
      encryption: 'salt=AAAA',
      'crypto-key': `dh=BBBB;p256ecdsa=${keys.publicKey}`,
    };
    expect((await push(headers, 'x')).status).toBe(201);
  });

  it('410 (errno 103) for an endpoint this service never issued', async () => {
    const reply = await push({}, undefined, `${service.url}/wpush/never-issued`);
    expect([reply.status, reply.json?.errno, reply.headers.get('cache-control')]).toEqual([
      410,
      103,
      'max-age=86400',
    ]);
  });

  it('405 for GET on an endpoint, 404 for other paths', async () => {
    expect((await fetch(endpoint)).status).toBe(405);
    expect((await fetch(`${service.url}/nothing/here/at/all`)).status).toBe(404);
  });

  it('checks VAPID before the other headers, as autopush does', async () => {
    const reply = await push({ authorization: undefined, ttl: undefined });
    expect(reply.status).toBe(401);
  });
});
