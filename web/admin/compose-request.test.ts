import { describe, expect, it } from 'vitest';
import { buildMessageRequest, type ComposeValues } from './compose-request.ts';

const base: ComposeValues = {
  title: ' Hello ',
  body: ' World ',
  url: '',
  icon: '',
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
    expect(buildMessageRequest({ ...base, target: 'one' })).toMatchObject({ ok: false, field: 'oneUserId' });
    expect(buildMessageRequest({ ...base, target: 'chosen' })).toMatchObject({
      ok: false,
      field: 'chosenUserIds',
    });
    expect(buildMessageRequest({ ...base, target: 'nobody' })).toMatchObject({ ok: false, field: 'target' });
  });

  it('accepts a TTL of 0 (deliver now or never)', () => {
    expect(buildMessageRequest({ ...base, ttl: '0' })).toMatchObject({ ok: true, request: { ttl: 0 } });
  });
});
