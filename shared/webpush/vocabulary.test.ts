import { describe, expect, it } from 'vitest';
import * as nodeEntry from './index.ts';
import * as portableEntry from './portable.ts';
import {
  CONTENT_ENCODINGS,
  isContentEncoding,
  isTopic,
  isUrgency,
  TOPIC_MAX_CHARS,
  TOPIC_RULE,
  URGENCIES,
} from './vocabulary.ts';

describe('the vocabulary the library and the app share', () => {
  it('lists the RFC 8030 urgencies and the two content codings, in order', () => {
    expect(URGENCIES).toEqual(['very-low', 'low', 'normal', 'high']);
    expect(CONTENT_ENCODINGS).toEqual(['aes128gcm', 'aesgcm']);
    expect(['high', 'urgent', 'HIGH', undefined].map(isUrgency)).toEqual([true, false, false, false]);
    expect(['aesgcm', 'gzip', 'AES128GCM'].map(isContentEncoding)).toEqual([true, false, false]);
  });

  it('takes a topic of 1 to 32 base64url characters and nothing else', () => {
    expect(TOPIC_MAX_CHARS).toBe(32);
    expect(TOPIC_RULE).toBe('must be 1 to 32 base64url characters (A-Z a-z 0-9 - _)');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    expect([alphabet.slice(0, 32), alphabet.slice(32), 'a'].map(isTopic)).toEqual([true, true, true]);
    const refused = ['', 'a'.repeat(33), 'a=b', 'a+b', 'a/b', 'a b', 'é', 'a\n', 42, null];
    expect(refused.map(isTopic)).toEqual(refused.map(() => false));
  });

  it('is what both entries export (one definition, not a copy)', () => {
    for (const entry of [nodeEntry, portableEntry]) {
      expect(entry.URGENCIES).toBe(URGENCIES);
      expect(entry.CONTENT_ENCODINGS).toBe(CONTENT_ENCODINGS);
      expect(entry.TOPIC_RULE).toBe(TOPIC_RULE);
      expect(entry.isTopic).toBe(isTopic);
    }
  });
});
