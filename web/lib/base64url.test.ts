import { describe, expect, it } from 'vitest';
import { base64UrlToBytes, bytesToBase64Url, sameBytes } from './base64url.ts';

describe('base64UrlToBytes', () => {
  it('decodes the URL-safe alphabet without padding', () => {
    // 0xfb 0xff 0xbf is "+/+/" in standard base64, "-_-_" in base64url.
    expect([...base64UrlToBytes('-_-_')]).toEqual([0xfb, 0xff, 0xbf]);
    expect([...base64UrlToBytes('AQ')]).toEqual([1]);
    expect([...base64UrlToBytes('AQI')]).toEqual([1, 2]);
    expect([...base64UrlToBytes('')]).toEqual([]);
  });

  it('accepts trailing padding (Firefox sends keys with "=")', () => {
    expect([...base64UrlToBytes('AQ==')]).toEqual([1]);
  });

  it('decodes a 65-byte uncompressed P-256 point (RFC 8291 Appendix A receiver key)', () => {
    const key = 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4';
    const bytes = base64UrlToBytes(key);
    expect(bytes.length).toBe(65);
    expect(bytes[0]).toBe(0x04);
    expect(bytesToBase64Url(bytes)).toBe(key);
  });

  it('rejects characters from the standard alphabet and impossible lengths', () => {
    expect(() => base64UrlToBytes('ab+/')).toThrow('only A-Z a-z 0-9 - _ are allowed');
    expect(() => base64UrlToBytes('abcde')).toThrow('impossible length');
  });
});

describe('sameBytes', () => {
  it('compares contents, not identity', () => {
    expect(sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2]).buffer)).toBe(true);
    expect(sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(sameBytes(new Uint8Array([1]), new Uint8Array([1, 0]))).toBe(false);
  });
});
