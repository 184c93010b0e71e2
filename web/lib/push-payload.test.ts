import { describe, expect, it } from 'vitest';
import { isPushMessage, parsePushPayload } from './push-payload.ts';

describe('parsePushPayload', () => {
  it('reads the JSON the server sends', () => {
    const text = JSON.stringify({
      title: 'Hello',
      body: 'World',
      url: '/inbox',
      icon: '/icon.png',
      tag: 'message-7',
      messageId: 7,
    });
    expect(parsePushPayload(text)).toEqual({
      title: 'Hello',
      body: 'World',
      url: '/inbox',
      icon: '/icon.png',
      tag: 'message-7',
      messageId: 7,
    });
  });

  it('reads a Declarative Web Push message’s notification, its link as a path on the site', () => {
    const text = JSON.stringify({
      web_push: 8030,
      notification: {
        title: 'Hello',
        body: 'World',
        navigate: 'https://app.example/inbox?id=7',
        icon: 'https://cdn.example/i.png',
        tag: 'message-7',
        data: { messageId: 7 },
      },
      mutable: true,
    });
    expect(parsePushPayload(text, 'https://app.example/')).toEqual({
      title: 'Hello',
      body: 'World',
      url: '/inbox?id=7',
      icon: 'https://cdn.example/i.png',
      tag: 'message-7',
      messageId: 7,
    });
  });

  it('falls back to the text as body when the data is not JSON', () => {
    expect(parsePushPayload('plain words')).toEqual({ title: 'Notification', body: 'plain words' });
  });

  it('treats JSON that is not an object as text', () => {
    expect(parsePushPayload('42')).toEqual({ title: 'Notification', body: '42' });
    expect(parsePushPayload('"quoted"')).toEqual({ title: 'Notification', body: '"quoted"' });
    expect(parsePushPayload('[1,2]')).toEqual({ title: 'Notification', body: '[1,2]' });
    expect(parsePushPayload('null')).toEqual({ title: 'Notification', body: 'null' });
  });

  it('handles a push without data', () => {
    expect(parsePushPayload(null)).toEqual({ title: 'Notification', body: '' });
    expect(parsePushPayload(undefined)).toEqual({ title: 'Notification', body: '' });
  });

  it('drops fields of the wrong type and defaults an empty title', () => {
    const text = JSON.stringify({ title: '', body: 5, url: 3, icon: null, tag: '', messageId: '9' });
    expect(parsePushPayload(text)).toEqual({ title: 'Notification', body: '' });
  });
});

describe('isPushMessage', () => {
  it('accepts what the service worker posts and rejects other messages', () => {
    const message = {
      type: 'push',
      id: 'a',
      receivedAt: '2026-11-01T00:00:00.000Z',
      payload: { title: 'T', body: 'B' },
    };
    expect(isPushMessage(message)).toBe(true);
    expect(isPushMessage({ ...message, type: 'other' })).toBe(false);
    expect(isPushMessage({ ...message, payload: null })).toBe(false);
    expect(isPushMessage({ type: 'push' })).toBe(false);
    expect(isPushMessage('push')).toBe(false);
  });
});
