/** RFC 8030 request headers of a push, checked with Mozilla autopush's rules and errnos. */
import type { IncomingHttpHeaders } from 'node:http';
import { ERRNO, PushServiceError } from './errors.ts';

export type Urgency = 'very-low' | 'low' | 'normal' | 'high';
const URGENCIES: readonly string[] = ['very-low', 'low', 'normal', 'high'];

/** autopush caps TTL at 60 days without complaint and echoes the value it kept. */
export const MAX_TTL_SECONDS = 60 * 24 * 60 * 60;
const TOPIC = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64URL_VALUE = /^[A-Za-z0-9_-]+=*$/;

export interface PushHeaders {
  ttl: number;
  urgency: Urgency;
  topic?: string;
  /** What the browser gets in the notification's `headers` (only when there is a body). */
  notificationHeaders?: Record<string, string>;
}

export function readPushHeaders(headers: IncomingHttpHeaders, hasBody: boolean): PushHeaders {
  const result: PushHeaders = { ttl: readTtl(headers.ttl), urgency: readUrgency(headers.urgency) };
  const topic = single(headers.topic);
  if (topic !== undefined) {
    if (!TOPIC.test(topic)) {
      throw bad(
        ERRNO.invalidTopic,
        'Topic must be 1 to 32 characters of the URL and filename safe base64 alphabet',
      );
    }
    result.topic = topic;
  }
  if (hasBody) result.notificationHeaders = readEncryption(headers);
  return result;
}

function readTtl(value: string | string[] | undefined): number {
  const text = single(value)?.trim();
  if (text === undefined || text === '')
    throw bad(ERRNO.missingTtl, 'Missing TTL header (RFC 8030 §5.2 requires it)');
  if (/^-\d+$/.test(text)) throw bad(ERRNO.invalidTtl, 'TTL must be greater than or equal to 0');
  if (!/^\d+$/.test(text)) throw bad(ERRNO.missingTtl, 'TTL header must be a whole number of seconds');
  return Math.min(Number(text), MAX_TTL_SECONDS);
}

function readUrgency(value: string | string[] | undefined): Urgency {
  const text = single(value);
  if (text === undefined) return 'normal';
  if (!URGENCIES.includes(text))
    throw bad(ERRNO.invalidUrgency, 'Urgency must be one of very-low, low, normal, high');
  return text as Urgency;
}

/** A body must be encrypted: aes128gcm (RFC 8291) or the older aesgcm draft with its two headers. */
function readEncryption(headers: IncomingHttpHeaders): Record<string, string> {
  const encoding = single(headers['content-encoding']);
  if (!encoding)
    throw bad(ERRNO.invalidEncryption, 'Missing Content-Encoding header: a body must be aes128gcm or aesgcm');
  const encryption = single(headers.encryption);
  const cryptoKey = single(headers['crypto-key']);
  if (encoding === 'aes128gcm') {
    // The salt and sender key travel inside the aes128gcm body, never in headers.
    if (encryption !== undefined && params(encryption).has('salt')) {
      throw bad(ERRNO.invalidEncryption, "Do not include 'salt' in the Encryption header with aes128gcm");
    }
    if (cryptoKey !== undefined && params(cryptoKey).has('dh')) {
      throw bad(ERRNO.invalidEncryption, "Do not include 'dh' in the Crypto-Key header with aes128gcm");
    }
    return { encoding };
  }
  if (encoding === 'aesgcm') {
    requireItem('Encryption', encryption, 'salt');
    requireItem('Crypto-Key', cryptoKey, 'dh');
    return { encoding, encryption: strip(encryption ?? ''), crypto_key: strip(cryptoKey ?? '') };
  }
  throw bad(ERRNO.invalidEncryption, `Unknown Content-Encoding "${encoding}": use aes128gcm or aesgcm`);
}

function requireItem(name: string, header: string | undefined, key: string): void {
  if (header === undefined)
    throw bad(ERRNO.invalidEncryption, `Missing ${name} header (required with aesgcm)`);
  const value = params(header).get(key);
  if (value === undefined) throw bad(ERRNO.invalidEncryption, `Missing ${key} value in ${name} header`);
  if (!BASE64URL_VALUE.test(value))
    throw bad(ERRNO.invalidEncryption, `Invalid ${key} value in ${name} header: not base64url`);
}

/** `keyid=p256dh;dh=abc, p256ecdsa=xyz` -> Map (quotes removed). */
function params(header: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const piece of header.split(/[,;]/)) {
    const at = piece.indexOf('=');
    if (at > 0)
      map.set(
        piece.slice(0, at).trim().toLowerCase(),
        piece
          .slice(at + 1)
          .trim()
          .replace(/"/g, ''),
      );
  }
  return map;
}

/** Like autopush: drop double quotes and base64 '=' padding before handing values to the browser. */
function strip(header: string): string {
  return header.replace(/"/g, '').replace(/([0-9A-Za-z_-]+)=+([,;]|$)/g, '$1$2');
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function bad(errno: number, message: string): PushServiceError {
  return new PushServiceError(400, errno, message);
}
