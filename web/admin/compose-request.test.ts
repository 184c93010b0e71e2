import { describe, expect, it } from 'vitest';
import { buildMessageRequest, type ComposeValues } from './compose-request.ts';

const base: ComposeValues = {
  title: ' Hello ',
  body: ' World ',
  url: '',
  icon: '',
  image: '',
  badge: '',
  tag: '',
  action1Title: '',
  action1Url: '',
  action2Title: '',
  action2Url: '',
  requireInteraction: false,
  silent: false,
  renotify: false,
  vibrate: '',
  timestamp: '',
  lang: '',
  dir: '',
  appBadge: '',
  ttl: '',
  urgency: '',
  topic: '',
  target: 'all',
  oneUserId: '',
  chosenUserIds: [],
};

describe('buildMessageRequest', () => {
  it('sends to everyone and leaves empty optional fields out', () => {
    expect(buildMessageRequest(base)).toEqual({
      ok: true,
      request: { title: 'Hello', body: 'World', target: { type: 'all' } },
    });
  });

  it('includes every filled field', () => {
    const result = buildMessageRequest({
      ...base,
      url: '/inbox',
      icon: '/icon.svg',
      ttl: '3600',
      urgency: 'high',
      topic: 'news',
    });
    expect(result).toEqual({
      ok: true,
      request: {
        title: 'Hello',
        body: 'World',
        url: '/inbox',
        icon: '/icon.svg',
        ttl: 3600,
        urgency: 'high',
        topic: 'news',
        target: { type: 'all' },
      },
    });
  });

  it('targets one user or the chosen users', () => {
    expect(buildMessageRequest({ ...base, target: 'one', oneUserId: '4' })).toMatchObject({
      ok: true,
      request: { target: { type: 'users', userIds: [4] } },
    });
    expect(buildMessageRequest({ ...base, target: 'chosen', chosenUserIds: [2, 3, 2] })).toMatchObject({
      ok: true,
      request: { target: { type: 'users', userIds: [2, 3] } },
    });
  });

  it('names the field that is wrong', () => {
    expect(buildMessageRequest({ ...base, title: '  ' })).toEqual({
      ok: false,
      field: 'title',
      message: 'Title is required',
    });
    expect(buildMessageRequest({ ...base, ttl: '-1' })).toMatchObject({ ok: false, field: 'ttl' });
    expect(buildMessageRequest({ ...base, ttl: '1.5' })).toMatchObject({ ok: false, field: 'ttl' });
    expect(buildMessageRequest({ ...base, urgency: 'urgent' })).toMatchObject({
      ok: false,
      field: 'urgency',
    });
    // The library's topic rule (shared/webpush/vocabulary.ts), as the server words it.
    for (const topic of ['a'.repeat(33), 'no spaces', 'a=b']) {
      expect(buildMessageRequest({ ...base, topic })).toEqual({
        ok: false,
        field: 'topic',
        message: 'Topic must be 1 to 32 base64url characters (A-Z a-z 0-9 - _)',
      });
    }
    expect(buildMessageRequest({ ...base, topic: 'a'.repeat(32) })).toMatchObject({ ok: true });
    expect(buildMessageRequest({ ...base, target: 'one' })).toMatchObject({ ok: false, field: 'oneUserId' });
    expect(buildMessageRequest({ ...base, target: 'chosen' })).toMatchObject({
      ok: false,
      field: 'chosenUserIds',
    });
    expect(buildMessageRequest({ ...base, target: 'nobody' })).toMatchObject({ ok: false, field: 'target' });
  });

  it('includes the rich fields: two actions, image, badge, behaviour, vibrate, event time', () => {
    const result = buildMessageRequest({
      ...base,
      image: '/sale.jpg',
      badge: '/badge.png',
      tag: ' sale ',
      action1Title: ' Shop ',
      action1Url: '/shop',
      action2Title: 'Later',
      action2Url: 'https://example.com/later',
      requireInteraction: true,
      renotify: true,
      vibrate: '200, 100 200',
      timestamp: '2026-12-01T09:30',
      lang: 'en-GB',
      dir: 'ltr',
      appBadge: '3',
    });
    expect(result).toEqual({
      ok: true,
      request: {
        title: 'Hello',
        body: 'World',
        image: '/sale.jpg',
        badge: '/badge.png',
        tag: 'sale',
        actions: [
          { title: 'Shop', url: '/shop' },
          { title: 'Later', url: 'https://example.com/later' },
        ],
        requireInteraction: true,
        renotify: true,
        vibrate: [200, 100, 200],
        timestamp: new Date('2026-12-01T09:30').toISOString(),
        lang: 'en-GB',
        dir: 'ltr',
        appBadge: 3,
        target: { type: 'all' },
      },
    });
  });

  it.each([
    [{ action1Title: 'Shop' }, 'action1Url', 'Action 1 needs both a label and a link'],
    [{ action2Url: '/x' }, 'action2Title', 'Action 2 needs both a label and a link'],
    [
      { renotify: true },
      'tag',
      'Renotify needs a tag: it alerts again when a message replaces one with the same tag',
    ],
    [
      { vibrate: '200, x' },
      'vibrate',
      'Vibrate must be milliseconds separated by commas, like 200, 100, 200',
    ],
    [{ vibrate: '200', silent: true }, 'vibrate', 'A silent notification cannot vibrate'],
    [{ appBadge: '-1' }, 'appBadge', 'App badge must be a whole number (0 clears it)'],
    [{ title: 't'.repeat(101) }, 'title', 'Title must be at most 100 characters (it has 101)'],
    [{ body: 'b'.repeat(3000) }, 'body', 'Body must be at most 1000 characters (it has 3000)'],
  ] as const)('refuses %o, naming the field', (change, field, message) => {
    expect(buildMessageRequest({ ...base, ...change })).toEqual({ ok: false, field, message });
  });

  it('accepts a TTL of 0 (deliver now or never)', () => {
    expect(buildMessageRequest({ ...base, ttl: '0' })).toMatchObject({ ok: true, request: { ttl: 0 } });
  });
});
