import { describe, expect, it } from 'vitest';
import {
  FIREFOX_ANDROID_PAYLOAD_BYTES as SERVER_FIREFOX,
  MAX_PAYLOAD_BYTES as SERVER_MAX,
  payloadBytes,
} from '../../server/validation/payload-size.ts';
import {
  composedPayloadBytes,
  FIREFOX_ANDROID_PAYLOAD_BYTES,
  MAX_PAYLOAD_BYTES,
  sizeStatus,
} from './compose-size.ts';

describe('compose size', () => {
  it('uses the server limits', () => {
    expect([MAX_PAYLOAD_BYTES, FIREFOX_ANDROID_PAYLOAD_BYTES]).toEqual([SERVER_MAX, SERVER_FIREFOX]);
  });

  it.each([
    { title: 'Hi', body: '', url: '', icon: '' },
    { title: ' Sale ', body: ' 50% off "today" \\ only\n', url: ' /shop ', icon: '/icon.svg' },
    { title: 'Ünïcödé 🎉', body: '€'.repeat(900), url: 'https://example.com/ä', icon: '' },
    { title: 'ctl', body: '\u0001\u001f\u2028', url: '', icon: ' ' },
  ])('measures what the server will push: %o', (text) => {
    const trimmed = (value: string) => (value.trim() === '' ? null : value.trim());
    expect(composedPayloadBytes(text)).toBe(
      payloadBytes({
        title: text.title.trim(),
        body: text.body.trim(),
        url: trimmed(text.url),
        icon: trimmed(text.icon),
      }),
    );
  });

  it('warns above Firefox for Android’s limit and errors above the hard limit', () => {
    expect(sizeStatus(2967)).toEqual({ level: 'ok', message: '' });
    expect(sizeStatus(2968)).toEqual({
      level: 'warn',
      message:
        'The notification is 2968 bytes: Firefox for Android refuses more than 2967. Other browsers take up to 3993.',
    });
    expect(sizeStatus(3993).level).toBe('warn');
    expect(sizeStatus(4000)).toEqual({
      level: 'error',
      message:
        'Too long to send: the notification is 4000 bytes, over the 3993-byte limit of a push message. Shorten the body, link or icon by 7 bytes.',
    });
  });
});
