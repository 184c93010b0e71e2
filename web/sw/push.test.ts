import { describe, expect, it } from 'vitest';
import { declarativePayload } from '@starter-kit/webpush/declarative';
import { messagePayload } from '../../shared/message-payload.ts';
import { readPush, setAppBadge } from './push.ts';

const origin = 'https://app.example';

describe('readPush', () => {
  it('shows an immutable declarative message exactly as declared, nothing added', () => {
    const text = declarativePayload({
      title: 'Ada emailed',
      body: 'Tube strikes',
      navigate: 'https://app.example/mail/12?x=1',
      lang: 'en-GB',
      dir: 'ltr',
      tag: 'mail-12',
      actions: [{ action: 'reply', title: 'Reply', navigate: 'https://other.example/reply' }],
      app_badge: 7,
    });
    expect(readPush(text, origin)).toEqual({
      payload: { title: 'Ada emailed', body: 'Tube strikes', url: '/mail/12?x=1', tag: 'mail-12' },
      shown: {
        title: 'Ada emailed',
        options: {
          body: 'Tube strikes',
          navigate: 'https://app.example/mail/12?x=1',
          lang: 'en-GB',
          dir: 'ltr',
          tag: 'mail-12',
          actions: [{ action: 'reply', title: 'Reply', navigate: 'https://other.example/reply' }],
          data: {
            url: '/mail/12?x=1',
            navigate: 'https://app.example/mail/12?x=1',
            actions: { reply: 'https://other.example/reply' },
            messageId: null,
          },
        },
      },
      appBadge: 7,
    });
  });

  it('shows an admin message (mutable) with every rich field, adding only the kit’s default badge', () => {
    const text = messagePayload(
      {
        id: 9,
        title: 'Sale',
        body: 'Two days',
        url: '/sale',
        icon: '/icon.png',
        image: 'https://cdn.example/sale.jpg',
        badge: null,
        tag: null,
        actions: [
          { title: 'Shop', url: '/shop' },
          { title: 'Later', url: 'https://other.example/later' },
        ],
        requireInteraction: true,
        silent: false,
        renotify: false,
        vibrate: [100, 50],
        timestamp: 1796117400000,
        lang: null,
        dir: null,
        appBadge: null,
      },
      origin,
    );
    const { shown, payload, appBadge } = readPush(text, origin);
    expect(payload).toEqual({
      title: 'Sale',
      body: 'Two days',
      url: '/sale',
      icon: '/icon.png',
      tag: 'message-9',
      messageId: 9,
    });
    expect(appBadge).toBeNull();
    expect(shown).toEqual({
      title: 'Sale',
      options: {
        body: 'Two days',
        navigate: 'https://app.example/sale',
        tag: 'message-9',
        icon: 'https://app.example/icon.png',
        image: 'https://cdn.example/sale.jpg',
        badge: '/icons/badge-96.png',
        requireInteraction: true,
        vibrate: [100, 50],
        timestamp: 1796117400000,
        actions: [
          { action: 'action-1', title: 'Shop', navigate: 'https://app.example/shop' },
          { action: 'action-2', title: 'Later', navigate: 'https://other.example/later' },
        ],
        data: {
          url: '/sale',
          navigate: 'https://app.example/sale',
          actions: { 'action-1': 'https://app.example/shop', 'action-2': 'https://other.example/later' },
          messageId: 9,
          data: { messageId: 9 },
          image: 'https://cdn.example/sale.jpg',
          badge: '/icons/badge-96.png',
        },
      },
    });
  });

  it('keeps showing the kit’s older JSON and plain text', () => {
    const older = JSON.stringify({
      title: 'Hi',
      body: 'there',
      url: '/x',
      icon: null,
      tag: 'message-3',
      messageId: 3,
    });
    expect(readPush(older, origin).shown).toEqual({
      title: 'Hi',
      options: {
        body: 'there',
        tag: 'message-3',
        icon: '/icons/icon-192.png',
        badge: '/icons/badge-96.png',
        data: { url: '/x', messageId: 3 },
      },
    });
    expect(readPush('plain words', origin).shown.title).toBe('Notification');
    expect(readPush('plain words', origin).shown.options.body).toBe('plain words');
  });

  it('reads a message that is declarative in name only as the older JSON', () => {
    // No navigate: not a declarative message, so the browser hands it to the worker as any other push.
    const text = JSON.stringify({
      web_push: 8030,
      notification: { title: 'T' },
      title: 'Top',
      body: 'level',
    });
    expect(readPush(text, origin).shown.title).toBe('Top');
  });
});

describe('setAppBadge', () => {
  const scopeWith = (navigator: object) =>
    ({ navigator }) as unknown as Pick<ServiceWorkerGlobalScope, 'navigator'>;

  it('sets app_badge through the Badging API, clears it for 0, and leaves it alone when not given', async () => {
    const calls: string[] = [];
    const navigator = {
      setAppBadge: async (count: number) => void calls.push(`set ${count}`),
      clearAppBadge: async () => void calls.push('clear'),
    };
    await setAppBadge(scopeWith(navigator), 4);
    await setAppBadge(scopeWith(navigator), 0);
    await setAppBadge(scopeWith(navigator), null);
    expect(calls).toEqual(['set 4', 'clear']);
  });

  it('does nothing where the browser has no Badging API (Firefox)', async () => {
    await expect(setAppBadge(scopeWith({}), 4)).resolves.toBeUndefined();
  });
});
