import { describe, expect, it } from 'vitest';
import type { MessageContent } from '../../shared/message-payload.ts';
import { previewModel } from './compose-preview.ts';

const content: MessageContent = {
  title: 'Sale',
  body: 'Two days only',
  url: '/sale',
  icon: '/icon.png',
  image: 'https://cdn.example/sale.jpg',
  badge: null,
  tag: 'sale',
  actions: [{ title: 'Shop', url: '/shop' }],
  requireInteraction: true,
  silent: false,
  renotify: true,
  vibrate: [200, 100],
  timestamp: null,
  lang: 'en',
  dir: 'ltr',
  appBadge: 0,
};

describe('previewModel', () => {
  it('draws what the notification will show, and names the behaviour a picture cannot show', () => {
    expect(previewModel(content, 'https://app.example')).toEqual({
      title: 'Sale',
      body: 'Two days only',
      site: 'app.example',
      time: 'now',
      icon: { src: '/icon.png' },
      // The page's CSP allows images from the site only: others are named, not loaded.
      image: { host: 'cdn.example' },
      badge: null,
      actions: [{ title: 'Shop', opens: 'https://app.example/shop' }],
      opens: 'https://app.example/sale',
      lang: 'en',
      dir: 'ltr',
      notes: [
        'Stays until dismissed',
        'Vibrates 200-100 ms',
        'Replaces any earlier “sale” notification',
        'Alerts again when it replaces one',
        'Clears the app badge',
      ],
    });
  });

  it('shows a placeholder title and the site root while the form is empty', () => {
    const model = previewModel({ ...content, title: '', url: null, actions: [] }, 'http://127.0.0.1:3000');
    expect([model.title, model.opens, model.actions]).toEqual(['Title', 'http://127.0.0.1:3000/', []]);
  });
});
