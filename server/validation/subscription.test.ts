import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptions } from '../db/schema.ts';
import { bootForTest, browserSubscription, jsonRequest, signIn } from '../testing/harness.ts';

const LOCAL_PUSH = 'http://127.0.0.1:8099';
const valid = browserSubscription('https://push.example.net/wpush/v2/x').json;
const offCurve = Buffer.alloc(65, 1);
offCurve[0] = 4;

// [what is wrong, body, field, message]
const cases: [string, unknown, string, string][] = [
  ['body not an object', 'hello', 'body', 'body must be an object'],
  ['endpoint missing', { keys: valid.keys }, 'endpoint', 'endpoint is required'],
  ['endpoint a number', { ...valid, endpoint: 42 }, 'endpoint', 'endpoint must be a string'],
  ['endpoint not a URL', { ...valid, endpoint: 'push-me' }, 'endpoint', 'endpoint must be an absolute URL'],
  [
    'endpoint ftp',
    { ...valid, endpoint: 'ftp://push.example.net/x' },
    'endpoint',
    'endpoint must be an https URL (got ftp:)',
  ],
  [
    'endpoint http from an origin not allowed',
    { ...valid, endpoint: 'http://push.example.net/x' },
    'endpoint',
    'endpoint http://push.example.net must use https; plain http is allowed only for origins listed in ALLOW_HTTP_ENDPOINTS (e.g. ALLOW_HTTP_ENDPOINTS=http://push.example.net for a local push service)',
  ],
  [
    'endpoint too long',
    { ...valid, endpoint: `https://a.example/${'x'.repeat(2100)}` },
    'endpoint',
    'endpoint must be at most 2048 characters',
  ],
  ['keys missing', { endpoint: valid.endpoint }, 'keys', 'keys is required'],
  [
    'keys.p256dh missing',
    { ...valid, keys: { auth: valid.keys.auth } },
    'keys.p256dh',
    'keys.p256dh is required',
  ],
  [
    'keys.auth a number',
    { ...valid, keys: { ...valid.keys, auth: 16 } },
    'keys.auth',
    'keys.auth must be a string',
  ],
  [
    'keys.p256dh not base64',
    { ...valid, keys: { ...valid.keys, p256dh: 'not*base64' } },
    'keys.p256dh',
    'keys.p256dh must be base64url (or base64) text',
  ],
  [
    'keys.p256dh too short',
    { ...valid, keys: { ...valid.keys, p256dh: Buffer.alloc(33, 4).toString('base64url') } },
    'keys.p256dh',
    'keys.p256dh must decode to a 65-byte uncompressed P-256 point (got 33 bytes)',
  ],
  [
    'keys.p256dh off the curve',
    { ...valid, keys: { ...valid.keys, p256dh: offCurve.toString('base64url') } },
    'keys.p256dh',
    'keys.p256dh must decode to a 65-byte uncompressed P-256 point; this point is not on the curve',
  ],
  [
    'keys.auth 15 bytes',
    { ...valid, keys: { ...valid.keys, auth: Buffer.alloc(15).toString('base64url') } },
    'keys.auth',
    'keys.auth must decode to 16 bytes (got 15)',
  ],
  [
    'keys.auth too long',
    { ...valid, keys: { ...valid.keys, auth: 'a'.repeat(65) } },
    'keys.auth',
    'keys.auth must be at most 64 characters',
  ],
  [
    'expirationTime a string',
    { ...valid, expirationTime: 'soon' },
    'expirationTime',
    'expirationTime must be a number',
  ],
  [
    'contentEncodings a string',
    { ...valid, contentEncodings: 'aes128gcm' },
    'contentEncodings',
    'contentEncodings must be an array',
  ],
  [
    'contentEncodings item a number',
    { ...valid, contentEncodings: [1] },
    'contentEncodings[0]',
    'contentEncodings[0] must be a string',
  ],
  [
    'contentEncodings without a supported one',
    { ...valid, contentEncodings: ['brotli'] },
    'contentEncodings',
    'contentEncodings must include aes128gcm or aesgcm',
  ],
];

describe('POST /api/subscriptions validation', () => {
  let server: ReturnType<typeof bootForTest>;
  let cookie: string;
  beforeAll(async () => {
    server = bootForTest({ ALLOW_HTTP_ENDPOINTS: LOCAL_PUSH });
    cookie = await signIn(server.app, 'ada');
  });
  afterAll(async () => server.close());

  it.each(cases)('refuses %s with 400 naming the field', async (_what, body, field, message) => {
    const res = await server.app.request('/api/subscriptions', jsonRequest('POST', body, { cookie }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { status: 400, code: 'validation_failed', message, field } });
    expect(server.db.select().from(subscriptions).all()).toHaveLength(0);
  });

  it('refuses malformed JSON and other content types', async () => {
    const malformed = await server.app.request('/api/subscriptions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: '{"endpoint":',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({
      error: { status: 400, code: 'bad_request', message: 'Malformed JSON in request body' },
    });
    const text = await server.app.request('/api/subscriptions', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', cookie },
      body: JSON.stringify(valid),
    });
    expect(text.status).toBe(415);
    expect(await text.json()).toEqual({
      error: {
        status: 415,
        code: 'unsupported_media_type',
        message: 'Content-Type must be application/json',
      },
    });
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const res = await server.app.request(
      '/api/subscriptions',
      jsonRequest('POST', { ...valid, padding: 'x'.repeat(70_000) }, { cookie }),
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { status: 413, code: 'payload_too_large', message: 'request body must be at most 65536 bytes' },
    });
  });

  it('accepts an http endpoint from an allowed origin, and picks aesgcm only when aes128gcm is not listed', async () => {
    const res = await server.app.request(
      '/api/subscriptions',
      jsonRequest(
        'POST',
        { ...browserSubscription(`${LOCAL_PUSH}/push/1`).json, contentEncodings: ['aesgcm'] },
        { cookie },
      ),
    );
    expect(res.status).toBe(201);
    expect(((await res.json()) as { device: object }).device).toMatchObject({
      pushService: LOCAL_PUSH,
      contentEncoding: 'aesgcm',
    });
    const noList = await server.app.request(
      '/api/subscriptions',
      jsonRequest('POST', browserSubscription(`${LOCAL_PUSH}/push/2`).json, { cookie }),
    );
    expect(((await noList.json()) as { device: object }).device).toMatchObject({
      contentEncoding: 'aes128gcm',
    });
  });
});
