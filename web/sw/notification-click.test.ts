import { describe, expect, it } from 'vitest';
import { targetUrl } from './notification-click.ts';

describe('targetUrl', () => {
  const origin = 'http://localhost:3000';

  it('resolves a relative url against the site', () => {
    expect(targetUrl({ url: '/inbox?id=3' }, origin)).toBe('http://localhost:3000/inbox?id=3');
  });

  it('keeps an absolute url', () => {
    expect(targetUrl({ url: 'https://example.com/a' }, origin)).toBe('https://example.com/a');
  });

  it('opens the site root when the notification has no usable url', () => {
    expect(targetUrl(null, origin)).toBe('http://localhost:3000/');
    expect(targetUrl({ url: 5 }, origin)).toBe('http://localhost:3000/');
    expect(targetUrl({ url: 'http://[bad' }, origin)).toBe('http://localhost:3000/');
  });
});
