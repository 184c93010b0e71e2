import { describe, expect, it } from 'vitest';
import { messagePayload, type MessageContent } from '../../shared/message-payload.ts';
import { readPush } from './push.ts';
import { receiptOf, withoutReceiptParams } from './receipts.ts';

const origin = 'https://app.example';
const content: MessageContent = {
  title: 'Sale',
  body: 'Two days',
  url: '/sale?day=1',
  icon: null,
  image: null,
  badge: null,
  tag: null,
  actions: [
    { title: 'Shop', url: '/shop' },
    { title: 'Later', url: 'https://other.example/later' },
  ],
  requireInteraction: false,
  silent: false,
  renotify: false,
  vibrate: [],
  timestamp: null,
  lang: null,
  dir: null,
  appBadge: null,
};

describe('the worker and receipt tokens', () => {
  it("keeps the delivery's token for its receipts and opens the links as the admin wrote them", () => {
    const text = messagePayload({ ...content, id: 9 }, origin, '41.tok.mac');
    expect(text).toContain('receipt=41.tok.mac');
    const { shown, payload } = readPush(text, origin);
    expect(shown.options.navigate).toBe('https://app.example/sale?day=1');
    expect(shown.options.actions).toEqual([
      { action: 'action-1', title: 'Shop', navigate: 'https://app.example/shop' },
      { action: 'action-2', title: 'Later', navigate: 'https://other.example/later' },
    ]);
    expect(shown.options.data).toMatchObject({
      url: '/sale?day=1',
      navigate: 'https://app.example/sale?day=1',
      actions: { 'action-1': 'https://app.example/shop', 'action-2': 'https://other.example/later' },
      messageId: 9,
      receipt: '41.tok.mac',
    });
    expect(payload.url).toBe('/sale?day=1');
  });

  it('has no token to report with when the server sends none (RECEIPTS=off)', () => {
    const { shown } = readPush(messagePayload({ ...content, id: 9 }, origin), origin);
    expect(receiptOf(shown.options.data)).toBeNull();
    expect(shown.options.data).not.toHaveProperty('receipt');
  });

  it('reads only a string token', () => {
    expect(receiptOf({ receipt: '1.a.b' })).toBe('1.a.b');
    for (const data of [null, 'x', {}, { receipt: 5 }, { receipt: '' }, { receipt: 'x'.repeat(101) }])
      expect(receiptOf(data)).toBeNull();
  });

  it('removes only the receipt parameters from a link', () => {
    expect(withoutReceiptParams('https://a.example/p?receipt=1.a.b')).toBe('https://a.example/p');
    expect(withoutReceiptParams('https://a.example/p?x=1&receipt=1.a.b&receipt_action=action-2#top')).toBe(
      'https://a.example/p?x=1#top',
    );
    expect(withoutReceiptParams('https://a.example/p?x=a%20b')).toBe('https://a.example/p?x=a%20b');
    expect(withoutReceiptParams('not a url')).toBe('not a url');
  });
});
