import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MESSAGE_LIMITS } from '../../shared/message-limits.ts';
import type { MessageContent } from '../../shared/message-payload.ts';
import { MAX_PAYLOAD_BYTES, payloadBytes } from '../../server/validation/payload-size.ts';
import { draftContent, type ContentValues } from './compose-content.ts';
import { composedPayloadBytes, composeStatus, sizeStatus } from './compose-size.ts';

const ORIGIN = 'https://app.example';
const empty: ContentValues = {
  title: 'Hi',
  body: '',
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
};

describe('compose size', () => {
  it('uses the server limit', () => {
    expect(MESSAGE_LIMITS.payloadBytes).toBe(MAX_PAYLOAD_BYTES);
  });

  it.each<Partial<ContentValues>>([
    {},
    { title: ' Sale ', body: ' 50% off "today" \\ only\n', url: ' /shop ', icon: '/icon.svg' },
    { title: 'Ünïcödé 🎉', body: '€'.repeat(900), url: 'https://example.com/ä' },
    { title: 'ctl', body: '\u0001\u001f\u2028', icon: ' ' },
    { action1Title: 'Go', action1Url: '/go', image: '/i.png', badge: '/b.png', tag: 't', renotify: true },
    { vibrate: '1, 2, 3', timestamp: '2026-12-01T09:30', lang: 'de', dir: 'rtl', appBadge: '12' },
  ])('measures what the server will push: %o', (change) => {
    const content: MessageContent = draftContent({ ...empty, ...change });
    expect(composedPayloadBytes(content, ORIGIN)).toBe(payloadBytes(content, ORIGIN));
  });

  it('warns above Firefox for Android’s limit and errors above the hard limit', () => {
    expect(sizeStatus(2967)).toEqual({ level: 'ok', message: '' });
    expect(sizeStatus(2968)).toEqual({
      level: 'warn',
      message: 'As pushed, the notification is 2968 bytes: Firefox for Android refuses more than 2967.',
    });
    expect(sizeStatus(3993).level).toBe('warn');
    expect(sizeStatus(4000)).toEqual({
      level: 'error',
      message:
        'Too long to send: as pushed, the notification is 4000 bytes, over the 3993-byte limit of one push message. Shorten the text or links by 7 bytes.',
    });
  });
});

// Issue 11 item 11: a 3,000-character body got "other browsers take up to 3993 bytes" from the page and
// "body must be at most 1000 characters" from the server. Now the page shows one limit, the server's.
describe('one set of limits, shown once', () => {
  it('names the body limit for a 3,000-character body, and no byte limit beside it', () => {
    const status = composeStatus({ ...empty, body: 'b'.repeat(3000) }, ORIGIN);
    expect(status).toEqual({ level: 'error', message: 'Body must be at most 1000 characters (it has 3000)' });
  });

  it('names the title limit the server applies (100), not another', () => {
    expect(composeStatus({ ...empty, title: 't'.repeat(101) }, ORIGIN)).toEqual({
      level: 'error',
      message: 'Title must be at most 100 characters (it has 101)',
    });
    expect(composeStatus({ ...empty, title: 't'.repeat(100) }, ORIGIN)).toEqual({ level: 'ok', message: '' });
  });

  it('leaves no length limit in the admin page markup that could disagree with shared/message-limits.ts', () => {
    // compose.ts sets every maxlength from MESSAGE_LIMITS; a number written into the HTML would be a second source.
    const html = readFileSync(new URL('./index.html', import.meta.url), 'utf8');
    const form = html.slice(
      html.indexOf('id="compose-form"'),
      html.indexOf('</form>', html.indexOf('id="compose-form"')),
    );
    expect(form).not.toMatch(/maxlength=/i);
  });

  it('is the table the README shows', () => {
    // Table cells are padded by Prettier; compare with single spaces.
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/ {2,}/g, ' ');
    const L = MESSAGE_LIMITS;
    for (const row of [
      `| Title | ${L.titleChars} characters |`,
      `| Body | ${L.bodyChars} characters |`,
      `| Each link (link, icon, image, badge, action links) | ${L.linkChars} characters |`,
      `| Action buttons | ${L.actions}, each label ${L.actionTitleChars} characters |`,
      `| Tag | ${L.tagChars} characters |`,
      `| Vibration pattern | ${L.vibrateSteps} durations of at most ${L.vibrateStepMs} ms |`,
      `| The whole notification as pushed (JSON) | ${L.payloadBytes} bytes (warning above ${L.firefoxAndroidPayloadBytes}: Firefox for Android) |`,
    ]) {
      expect(readme).toContain(row);
    }
  });
});
