import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../db/schema.ts';
import { ADMIN_TOKEN, bootForTest, jsonRequest } from '../testing/harness.ts';
import { MAX_PAYLOAD_BYTES } from './payload-size.ts';

const ok = { title: 'Hi', body: 'there', target: { type: 'all' } };

// [what is wrong, body, field, message]
const cases: [string, unknown, string, string][] = [
  ['title missing', { ...ok, title: undefined }, 'title', 'title is required'],
  ['title empty', { ...ok, title: '' }, 'title', 'title must be 1 to 100 characters'],
  ['title blank', { ...ok, title: '   ' }, 'title', 'title must not be blank'],
  ['title too long', { ...ok, title: 't'.repeat(101) }, 'title', 'title must be 1 to 100 characters'],
  ['body missing', { ...ok, body: undefined }, 'body', 'body is required'],
  ['body too long', { ...ok, body: 'b'.repeat(1001) }, 'body', 'body must be at most 1000 characters'],
  [
    'url protocol-relative',
    { ...ok, url: '//evil.example/x' },
    'url',
    'url must be a path starting with / or an http(s) URL',
  ],
  [
    'url javascript:',
    { ...ok, url: 'javascript:alert(1)' },
    'url',
    'url must be a path starting with / or an http(s) URL',
  ],
  [
    'icon relative',
    { ...ok, icon: 'icon.png' },
    'icon',
    'icon must be a path starting with / or an http(s) URL',
  ],
  ['ttl negative', { ...ok, ttl: -1 }, 'ttl', 'ttl must be between 0 and 2419200 seconds (4 weeks)'],
  ['ttl over 4 weeks', { ...ok, ttl: 2419201 }, 'ttl', 'ttl must be between 0 and 2419200 seconds (4 weeks)'],
  ['ttl fractional', { ...ok, ttl: 1.5 }, 'ttl', 'ttl must be an integer number of seconds'],
  [
    'urgency unknown',
    { ...ok, urgency: 'urgent' },
    'urgency',
    'urgency must be very-low, low, normal or high',
  ],
  [
    'topic too long',
    { ...ok, topic: 'a'.repeat(33) },
    'topic',
    'topic must be 1 to 32 base64url characters (A-Z a-z 0-9 - _)',
  ],
  [
    'topic with a space',
    { ...ok, topic: 'a b' },
    'topic',
    'topic must be 1 to 32 base64url characters (A-Z a-z 0-9 - _)',
  ],
  ['target missing', { ...ok, target: undefined }, 'target', 'target is required'],
  [
    'target type unknown',
    { ...ok, target: { type: 'some' } },
    'target.type',
    "target.type must be 'all' or 'users'",
  ],
  ['userIds missing', { ...ok, target: { type: 'users' } }, 'target.userIds', 'target.userIds is required'],
  [
    'userIds empty',
    { ...ok, target: { type: 'users', userIds: [] } },
    'target.userIds',
    'target.userIds must list at least one user id',
  ],
  [
    'userIds item not an integer',
    { ...ok, target: { type: 'users', userIds: [1, 'x'] } },
    'target.userIds[1]',
    'target.userIds[1] must be an integer',
  ],
  [
    'actions over 2',
    { ...ok, actions: [1, 2, 3].map((n) => ({ title: `A${n}`, url: '/' })) },
    'actions',
    'actions must list at most 2 actions',
  ],
  [
    'action title missing',
    { ...ok, actions: [{ url: '/' }] },
    'actions[0].title',
    'actions[0].title is required',
  ],
  [
    'action title too long',
    { ...ok, actions: [{ title: 'a'.repeat(41), url: '/' }] },
    'actions[0].title',
    'actions[0].title must be 1 to 40 characters',
  ],
  [
    'action url javascript:',
    {
      ...ok,
      actions: [
        { title: 'A', url: '/' },
        { title: 'B', url: 'javascript:alert(1)' },
      ],
    },
    'actions[1].url',
    'actions[1].url must be a path starting with / or an http(s) URL',
  ],
  [
    'image relative',
    { ...ok, image: 'photo.jpg' },
    'image',
    'image must be a path starting with / or an http(s) URL',
  ],
  [
    'badge too long',
    { ...ok, badge: `/${'b'.repeat(2048)}` },
    'badge',
    'badge must be at most 2048 characters',
  ],
  ['tag too long', { ...ok, tag: 't'.repeat(65) }, 'tag', 'tag must be 1 to 64 characters'],
  [
    'renotify without a tag',
    { ...ok, renotify: true },
    'renotify',
    'renotify needs a tag (it alerts again when a message replaces an earlier one with the same tag)',
  ],
  [
    'requireInteraction a string',
    { ...ok, requireInteraction: 'yes' },
    'requireInteraction',
    'requireInteraction must be true or false',
  ],
  [
    'vibrate with silent',
    { ...ok, silent: true, vibrate: [100] },
    'vibrate',
    'vibrate must be empty when silent is true',
  ],
  [
    'vibrate step too long',
    { ...ok, vibrate: [10001] },
    'vibrate[0]',
    'vibrate[0] must be an integer between 0 and 10000 milliseconds',
  ],
  [
    'vibrate over 10 steps',
    { ...ok, vibrate: Array(11).fill(100) },
    'vibrate',
    'vibrate must list at most 10 durations',
  ],
  [
    'timestamp not ISO 8601',
    { ...ok, timestamp: 'yesterday' },
    'timestamp',
    'timestamp must be an ISO 8601 date-time with a time zone, like 2026-12-01T09:30:00Z',
  ],
  ['lang malformed', { ...ok, lang: 'en US' }, 'lang', 'lang must be a language tag like en or en-US'],
  ['dir unknown', { ...ok, dir: 'up' }, 'dir', 'dir must be auto, ltr or rtl'],
  ['appBadge negative', { ...ok, appBadge: -1 }, 'appBadge', 'appBadge must be a non-negative integer'],
  [
    'userIds item zero',
    { ...ok, target: { type: 'users', userIds: [0] } },
    'target.userIds[0]',
    'target.userIds[0] must be a positive integer',
  ],
];

describe('POST /api/admin/messages validation', () => {
  let server: ReturnType<typeof bootForTest>;
  beforeAll(() => {
    server = bootForTest();
  });
  afterAll(async () => server.close());

  it.each(cases)('refuses %s with 400 naming the field', async (_what, body, field, message) => {
    const res = await server.app.request(
      '/api/admin/messages',
      jsonRequest('POST', body, { authorization: `Bearer ${ADMIN_TOKEN}` }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { status: 400, code: 'validation_failed', message, field } });
    expect(server.db.select().from(messages).all()).toHaveLength(0);
  });

  it('accepts absolute http(s) links and paths', async () => {
    const res = await server.app.request(
      '/api/admin/messages',
      jsonRequest(
        'POST',
        {
          ...ok,
          url: 'https://example.com/a?b=c',
          icon: '/icons/bell.png',
          ttl: 0,
          urgency: 'very-low',
          topic: 'A-z_09',
        },
        { authorization: `Bearer ${ADMIN_TOKEN}` },
      ),
    );
    expect(res.status).toBe(202);
  });
});

/**
 * The pushed JSON, built here independently of shared/message-payload.ts, with the longest possible id: the
 * Declarative Web Push format, its link made absolute against the origin the test app is asked on, and the
 * longest receipt token (16-digit delivery id, 10-character expiry, 22-character MAC) in the link and the data.
 */
function pushedBytes(message: { title: string; body: string; url?: string; icon?: string }): number {
  const id = Number.MAX_SAFE_INTEGER;
  const receipt = `${'9'.repeat(16)}.${'z'.repeat(10)}.${'A'.repeat(22)}`;
  const navigate = new URL(message.url ?? '/', 'http://localhost');
  navigate.searchParams.set('receipt', receipt);
  const notification: Record<string, unknown> = {
    title: message.title,
    body: message.body,
    navigate: navigate.href,
    tag: `message-${id}`,
  };
  if (message.icon) notification.icon = message.icon;
  notification.data = { messageId: id, receipt };
  return Buffer.byteLength(JSON.stringify({ web_push: 8030, notification, mutable: true }));
}

describe('POST /api/admin/messages payload size', () => {
  let server: ReturnType<typeof bootForTest>;
  beforeAll(() => {
    server = bootForTest();
  });
  afterAll(async () => server.close());

  const post = (body: unknown) =>
    server.app.request(
      '/api/admin/messages',
      jsonRequest('POST', body, { authorization: `Bearer ${ADMIN_TOKEN}` }),
    );

  it('is limited to 3993 bytes of JSON, the weakest encoding (aes128gcm) in one 4096-byte record', () => {
    expect(MAX_PAYLOAD_BYTES).toBe(3993);
  });

  it.each([
    [
      'multi-byte body and a long link',
      { ...ok, body: '€'.repeat(1000), url: `/${'u'.repeat(1100)}` },
      'body',
    ],
    ['long link and icon', { ...ok, url: `/${'u'.repeat(2047)}`, icon: `/${'i'.repeat(2047)}` }, 'url'],
    ['escaped control characters', { ...ok, body: '\u0001'.repeat(1000) }, 'body'],
  ])(
    'refuses a message whose payload does not fit (%s), naming the largest field and the limit',
    async (_what, body, field) => {
      const bytes = pushedBytes(body);
      expect(bytes).toBeGreaterThan(3993);
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: {
          status: 400,
          code: 'validation_failed',
          field,
          message: `${field} makes the notification payload ${bytes} bytes of JSON; the limit is 3993 bytes (one 4096-byte encrypted push record), so shorten it by at least ${bytes - 3993} bytes`,
        },
      });
      expect(server.db.select().from(messages).all()).toHaveLength(0);
    },
  );

  it('accepts exactly 3993 bytes and refuses 3994', async () => {
    const base = { ...ok, body: 'b'.repeat(1000), url: '/', icon: '/' };
    const fill = 3993 - pushedBytes(base);
    const fits = { ...base, url: `/${'u'.repeat(fill - 1000)}`, icon: `/${'i'.repeat(1000)}` };
    expect(pushedBytes(fits)).toBe(3993);
    expect((await post({ ...fits, icon: `${fits.icon}i` })).status).toBe(400);
    expect((await post(fits)).status).toBe(202);
  });
});
