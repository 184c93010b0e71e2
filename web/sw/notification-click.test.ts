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

  it('opens a declarative message’s navigate URL, or the chosen action’s', () => {
    const data = {
      url: '/a',
      navigate: 'https://example.com/a',
      actions: { 'action-1': 'https://example.com/one', 'action-2': 'http://localhost:3000/two' },
    };
    expect(targetUrl(data, origin)).toBe('https://example.com/a');
    expect(targetUrl(data, origin, 'action-1')).toBe('https://example.com/one');
    expect(targetUrl(data, origin, 'action-2')).toBe('http://localhost:3000/two');
    expect(targetUrl(data, origin, 'unknown')).toBe('https://example.com/a');
  });

  it('opens the site root when the notification has no usable url', () => {
    expect(targetUrl(null, origin)).toBe('http://localhost:3000/');
    expect(targetUrl({ url: 5 }, origin)).toBe('http://localhost:3000/');
    expect(targetUrl({ url: 'http://[bad' }, origin)).toBe('http://localhost:3000/');
  });
});
