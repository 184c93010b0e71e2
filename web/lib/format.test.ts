import { describe, expect, it } from 'vitest';
import { browserName, formatTime, pushServiceName } from './format.ts';

describe('formatTime', () => {
  it('uses the fallback word for missing times', () => {
    expect(formatTime(null)).toBe('never');
    expect(formatTime(undefined, 'not yet')).toBe('not yet');
  });

  it('formats a valid ISO time and echoes an invalid one', () => {
    expect(formatTime('2026-11-01T10:00:00.000Z')).toContain('2026');
    expect(formatTime('yesterday')).toBe('yesterday');
  });
});

describe('pushServiceName', () => {
  it('shows the host of the origin', () => {
    expect(pushServiceName('https://updates.push.services.mozilla.com')).toBe(
      'updates.push.services.mozilla.com',
    );
    expect(pushServiceName('http://127.0.0.1:8090')).toBe('127.0.0.1:8090');
    expect(pushServiceName('not a url')).toBe('not a url');
  });
});

describe('browserName', () => {
  it('names common browsers and platforms', () => {
    expect(browserName('Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0')).toBe(
      'Firefox on Linux',
    );
    expect(
      browserName(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36 Edg/156.0',
      ),
    ).toBe('Edge on Windows');
    expect(
      browserName(
        'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36',
      ),
    ).toBe('Chrome on Android');
    expect(browserName(null)).toBe('Unknown browser');
  });
});
