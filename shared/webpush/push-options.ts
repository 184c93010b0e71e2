import { WebPushValidationError } from './errors.ts';
import type { PushOptions } from './types.ts';
import {
  CONTENT_ENCODINGS,
  isContentEncoding,
  isTopic,
  isUrgency,
  TOPIC_RULE,
  URGENCIES,
  type ContentEncoding,
} from './vocabulary.ts';

/** Four weeks: the longest FCM keeps a message, so a device offline for a while still gets it. */
export const DEFAULT_TTL = 4 * 7 * 24 * 60 * 60;
export const DEFAULT_TIMEOUT_MS = 30_000;

export function checkContentEncoding(value: unknown): ContentEncoding {
  if (value === undefined) return 'aes128gcm';
  if (!isContentEncoding(value)) {
    throw new WebPushValidationError(
      'contentEncoding',
      `must be one of ${CONTENT_ENCODINGS.join(', ')}, got "${String(value)}"`,
    );
  }
  return value;
}

/** The RFC 8030 headers of a push: TTL always, Urgency and Topic when asked for. */
export function protocolHeaders(options: PushOptions): Record<string, string> {
  const ttl = options.ttl ?? DEFAULT_TTL;
  if (!Number.isInteger(ttl) || ttl < 0) {
    throw new WebPushValidationError('ttl', `must be a whole number of seconds >= 0, got ${String(ttl)}`);
  }
  const headers: Record<string, string> = { TTL: String(ttl) };
  if (options.urgency !== undefined) {
    if (!isUrgency(options.urgency)) {
      throw new WebPushValidationError(
        'urgency',
        `must be one of ${URGENCIES.join(', ')}, got "${String(options.urgency)}"`,
      );
    }
    headers.Urgency = options.urgency;
  }
  if (options.topic !== undefined) {
    if (!isTopic(options.topic)) {
      throw new WebPushValidationError('topic', TOPIC_RULE);
    }
    headers.Topic = options.topic;
  }
  return headers;
}

/** `http2`: a boolean when given (undefined means false). */
export function checkHttp2(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean')
    throw new WebPushValidationError(
      'http2',
      `must be true or false, got ${JSON.stringify(value) ?? String(value)}`,
    );
  return value;
}

export function checkTimeout(timeout: unknown): number {
  if (timeout === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
    throw new WebPushValidationError(
      'timeout',
      `must be a positive number of milliseconds, got ${String(timeout)}`,
    );
  }
  return timeout;
}

/**
 * Extra headers win over the ones we computed, matched without regard to case (so `ttl` replaces `TTL`, as in
 * pywebpush). Crypto-Key is the exception: the computed `dh=...;p256ecdsa=...` is appended to the caller's value
 * with `;` (as pywebpush and web-push do), since replacing it would make the body undecryptable. Values must be
 * strings.
 */
export function mergeHeaders(
  base: Record<string, string>,
  extra: Record<string, string> | undefined,
): Record<string, string> {
  if (!extra) return base;
  const merged = { ...base };
  for (const [name, value] of Object.entries(extra)) {
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new WebPushValidationError(`headers.${name}`, 'must be a string');
    }
    const lower = name.toLowerCase();
    let mergedValue = String(value);
    for (const existing of Object.keys(merged)) {
      if (existing.toLowerCase() !== lower) continue;
      if (lower === 'crypto-key') mergedValue = joinCryptoKey(mergedValue, merged[existing]);
      delete merged[existing];
    }
    merged[name] = mergedValue;
  }
  return merged;
}

/** Crypto-Key parameters from several sources, in order, `;`-separated (draft-ietf-webpush-encryption-04). */
export function joinCryptoKey(...values: (string | undefined)[]): string {
  return values
    .map((value) => value?.trim().replace(/^;+|;+$/g, ''))
    .filter(Boolean)
    .join(';');
}
