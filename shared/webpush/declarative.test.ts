import { describe, expect, it } from 'vitest';
import {
  declarativePayload,
  MAX_DECLARATIVE_PAYLOAD_BYTES,
  type DeclarativePayloadInput,
} from './declarative.ts';
import { encrypt } from './encrypt.ts';
import { WebPushValidationError } from './errors.ts';
import { toBase64Url } from './base64url.ts';
import { createECDH, randomBytes } from 'node:crypto';

const minimal = { title: 'Ada emailed', navigate: 'https://email.example/message/12' };

/** The error `declarativePayload` throws for `input`, as "field: message". */
function refusal(input: unknown): { field: string; message: string } {
  try {
    declarativePayload(input as DeclarativePayloadInput);
  } catch (error) {
    if (error instanceof WebPushValidationError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('the payload was accepted');
}

describe('declarativePayload', () => {
  it('builds the W3C example byte for byte', () => {
    // The Push API draft's example, in the builder's member order.
    expect(
      declarativePayload({
        title: 'Ada emailed ‘London’',
        lang: 'en-US',
        dir: 'ltr',
        body: 'Did you hear about the tube strikes?',
        navigate: 'https://email.example/message/12',
      }),
    ).toBe(
      '{"web_push":8030,"notification":{"title":"Ada emailed ‘London’","body":"Did you hear about the tube strikes?","navigate":"https://email.example/message/12","lang":"en-US","dir":"ltr"}}',
    );
  });

  it('puts every member where the format has it: app_badge and mutable beside notification', () => {
    const json = declarativePayload({
      mutable: true,
      app_badge: 3,
      data: { messageId: 7 },
      timestamp: 1764547200000,
      vibrate: [200, 100, 200],
      renotify: true,
      requireInteraction: true,
      silent: false,
      actions: [
        { navigate: 'https://news.example/read', title: 'Read', action: 'read' },
        { action: 'later', title: 'Later', navigate: 'https://news.example/later', icon: '/later.png' },
      ],
      badge: '/badge.png',
      image: 'https://news.example/photo.jpg',
      icon: '/icon.png',
      tag: 'news',
      dir: 'auto',
      lang: 'en',
      navigate: 'https://news.example/',
      body: 'Body',
      title: 'Title',
    });
    expect(json).toBe(
      '{"web_push":8030,"notification":{"title":"Title","body":"Body","navigate":"https://news.example/",' +
        '"lang":"en","dir":"auto","tag":"news","icon":"/icon.png","image":"https://news.example/photo.jpg",' +
        '"badge":"/badge.png","actions":[{"action":"read","title":"Read","navigate":"https://news.example/read"},' +
        '{"action":"later","title":"Later","navigate":"https://news.example/later","icon":"/later.png"}],' +
        '"silent":false,"requireInteraction":true,"renotify":true,"vibrate":[200,100,200],' +
        '"timestamp":1764547200000,"data":{"messageId":7}},"app_badge":3,"mutable":true}',
    );
  });

  it.each([
    ['title missing', { navigate: minimal.navigate }, 'notification.title', 'is required'],
    ['title blank', { ...minimal, title: '  ' }, 'notification.title', 'must be a non-empty string'],
    ['navigate missing', { title: 'T' }, 'notification.navigate', 'is required'],
  ])('requires title and navigate (%s)', (_what, input, field, rule) => {
    expect(refusal(input)).toEqual({ field, message: `${field}: ${rule}` });
  });

  it.each([
    ['a path', '/inbox'],
    ['protocol-relative', '//email.example/x'],
    ['javascript:', 'javascript:alert(1)'],
    ['mailto:', 'mailto:a@example.com'],
    ['not a URL', 'http://[bad'],
    ['not a string', 12],
  ])('refuses a navigate URL that is %s', (_what, navigate) => {
    expect(refusal({ ...minimal, navigate })).toEqual({
      field: 'notification.navigate',
      message: 'notification.navigate: must be an absolute https: or http: URL',
    });
  });

  it('refuses an action without an absolute navigate URL, naming the action', () => {
    const actions = [
      { action: 'a', title: 'A', navigate: 'https://x.example/a' },
      { action: 'b', title: 'B', navigate: '/b' },
    ];
    expect(refusal({ ...minimal, actions })).toEqual({
      field: 'notification.actions[1].navigate',
      message: 'notification.actions[1].navigate: must be an absolute https: or http: URL',
    });
  });

  it.each([
    [{ ...minimal, url: 'https://x.example' }, 'url'],
    [
      { ...minimal, actions: [{ action: 'a', title: 'A', navigate: 'https://x.example', url: '/' }] },
      'notification.actions[0].url',
    ],
  ])('refuses unknown keys (%#)', (input, field) => {
    expect(refusal(input).field).toBe(field);
    expect(refusal(input).message).toMatch(
      new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}: is not a member`),
    );
  });

  it.each([
    [
      'app_badge negative',
      { app_badge: -1 },
      'app_badge',
      'must be a non-negative integer (at most 9007199254740991)',
    ],
    [
      'app_badge fractional',
      { app_badge: 1.5 },
      'app_badge',
      'must be a non-negative integer (at most 9007199254740991)',
    ],
    [
      'app_badge a string',
      { app_badge: '3' },
      'app_badge',
      'must be a non-negative integer (at most 9007199254740991)',
    ],
    ['dir unknown', { dir: 'LTR' }, 'notification.dir', 'must be auto, ltr or rtl'],
    ['lang malformed', { lang: 'en US' }, 'notification.lang', 'must be a language tag like en or en-US'],
    ['silent a string', { silent: 'true' }, 'notification.silent', 'must be true or false'],
    ['mutable a number', { mutable: 1 }, 'mutable', 'must be true or false'],
    [
      'icon relative without /',
      { icon: 'icon.png' },
      'notification.icon',
      'must be an https: or http: URL, or a path starting with /',
    ],
    [
      'renotify without a tag',
      { renotify: true },
      'notification.renotify',
      'needs a tag (it re-alerts when a notification replaces one with the same tag)',
    ],
    [
      'vibrate with silent',
      { silent: true, vibrate: [100] },
      'notification.vibrate',
      'must be left out when silent is true',
    ],
    [
      'vibrate negative',
      { vibrate: [100, -1] },
      'notification.vibrate[1]',
      'must be a non-negative integer (at most 4294967295)',
    ],
    [
      'timestamp fractional',
      { timestamp: 1.5 },
      'notification.timestamp',
      'must be a non-negative integer (at most 9007199254740991)',
    ],
  ])('refuses %s', (_what, extra, field, rule) => {
    expect(refusal({ ...minimal, ...extra })).toEqual({ field, message: `${field}: ${rule}` });
  });

  it('accepts 3993 bytes of JSON and refuses 3994: one 4096-byte record less the aes128gcm overhead', () => {
    expect(MAX_DECLARATIVE_PAYLOAD_BYTES).toBe(3993);
    const empty = declarativePayload({ ...minimal, body: '' });
    const fits = { ...minimal, body: 'b'.repeat(3993 - empty.length) };
    const json = declarativePayload(fits);
    expect(Buffer.byteLength(json)).toBe(3993);
    // The overhead is real: the largest accepted payload encrypts to exactly one 4096-byte aes128gcm body.
    const receiver = createECDH('prime256v1');
    receiver.generateKeys();
    const keys = { p256dh: toBase64Url(receiver.getPublicKey()), auth: toBase64Url(randomBytes(16)) };
    expect(encrypt(json, keys).body.length).toBe(4096);

    expect(refusal({ ...fits, body: `${fits.body}b` })).toEqual({
      field: 'payload',
      message:
        'payload: is 3994 bytes of JSON; one 4096-byte encrypted push record holds at most 3993 (aes128gcm), so shorten it by 1 bytes',
    });
  });

  it('counts bytes, not characters', () => {
    const empty = declarativePayload({ ...minimal, body: '' });
    const body = '€'.repeat(Math.ceil((3994 - empty.length) / 3)); // 3 bytes each
    expect(refusal({ ...minimal, body }).field).toBe('payload');
  });
});
