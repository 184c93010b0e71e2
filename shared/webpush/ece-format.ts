// The byte layouts of RFC 8188 (aes128gcm), RFC 8291 and the legacy draft-04 "aesgcm": headers, info strings,
// padding. No cryptography here, so both crypto back ends (node:crypto and WebCrypto) share it.
import { concatBytes, readUint32BE, utf8, writeUint32BE } from './bytes.ts';
import { WebPushValidationError } from './errors.ts';
import { MAX_BODY_BYTES, MAX_PLAINTEXT_BYTES } from './record-limits.ts';
import type { ContentEncoding } from './types.ts';

/** RFC 8188 record size we write: push services accept a 4096-byte body, so one record always suffices. */
export const RECORD_SIZE = 4096;
export const TAG_BYTES = 16;
export const SALT_BYTES = 16;

export function assertFits(bytes: number, contentEncoding: ContentEncoding): void {
  const max = MAX_PLAINTEXT_BYTES[contentEncoding];
  if (bytes > max) {
    throw new WebPushValidationError(
      'data',
      `is ${bytes} bytes; at most ${max} bytes fit in one ${MAX_BODY_BYTES}-byte ${contentEncoding} push message`,
    );
  }
}

export const CEK_INFO = utf8('Content-Encoding: aes128gcm\0');
export const NONCE_INFO = utf8('Content-Encoding: nonce\0');
/** The last-record delimiter that ends an aes128gcm plaintext. */
export const LAST_RECORD = new Uint8Array([2]);
/** The aesgcm plaintext starts with a 2-byte padding length; we never pad. */
export const NO_PADDING = new Uint8Array(2);
const WEBPUSH_INFO = utf8('WebPush: info\0');

/** RFC 8291 §3.4 key_info: "WebPush: info" || 0x00 || ua_public || as_public. */
export function webPushInfo(receiverPublic: Uint8Array, senderPublic: Uint8Array): Uint8Array {
  return concatBytes(WEBPUSH_INFO, receiverPublic, senderPublic);
}

/** draft-ietf-webpush-encryption-04: the auth info, and the CEK and nonce infos bound to both public keys. */
export const AESGCM_AUTH_INFO = utf8('Content-Encoding: auth\0');
export function aesgcmInfos(
  receiverPublic: Uint8Array,
  senderPublic: Uint8Array,
): { key: Uint8Array; nonce: Uint8Array } {
  const context = concatBytes(utf8('P-256\0'), lengthPrefixed(receiverPublic), lengthPrefixed(senderPublic));
  return {
    key: concatBytes(utf8('Content-Encoding: aesgcm\0'), context),
    nonce: concatBytes(utf8('Content-Encoding: nonce\0'), context),
  };
}

function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  return concatBytes(new Uint8Array([bytes.length >> 8, bytes.length & 0xff]), bytes);
}

/** RFC 8188 §2.1 header: salt (16) || rs (uint32) || idlen (1) || keyid. */
export function aes128gcmHeader(salt: Uint8Array, keyId: Uint8Array): Uint8Array {
  const header = new Uint8Array(SALT_BYTES + 5 + keyId.length);
  header.set(salt, 0);
  writeUint32BE(header, RECORD_SIZE, SALT_BYTES);
  header[SALT_BYTES + 4] = keyId.length;
  header.set(keyId, SALT_BYTES + 5);
  return header;
}

export interface Aes128gcmHeader {
  salt: Uint8Array;
  recordSize: number;
  keyId: Uint8Array;
  /** Where the first record starts. */
  offset: number;
}

export function readAes128gcmHeader(body: Uint8Array): Aes128gcmHeader {
  if (body.length < SALT_BYTES + 5)
    throw new WebPushValidationError('body', 'is shorter than an aes128gcm header');
  const idLength = body[SALT_BYTES + 4]!;
  const offset = SALT_BYTES + 5 + idLength;
  const recordSize = readUint32BE(body, SALT_BYTES);
  if (recordSize < 18)
    throw new WebPushValidationError('body', `record size ${recordSize} is below the minimum of 18`);
  return {
    salt: body.subarray(0, SALT_BYTES),
    recordSize,
    keyId: body.subarray(SALT_BYTES + 5, offset),
    offset,
  };
}

/** The records of a body: each with its own nonce (RFC 8188 §2.3: the base nonce XOR the sequence number). */
export function* records(
  body: Uint8Array,
  header: Aes128gcmHeader,
  baseNonce: Uint8Array,
): Generator<{ record: Uint8Array; nonce: Uint8Array; isLast: boolean }> {
  const all = body.subarray(header.offset);
  for (let start = 0, seq = 0; start < all.length; start += header.recordSize, seq++) {
    const record = all.subarray(start, start + header.recordSize);
    if (record.length <= TAG_BYTES)
      throw new WebPushValidationError('body', 'has a record too short to hold a tag');
    const nonce = new Uint8Array(baseNonce);
    writeUint32BE(nonce, (readUint32BE(nonce, 8) ^ seq) >>> 0, 8);
    yield { record, nonce, isLast: start + header.recordSize >= all.length };
  }
}

/** RFC 8188 §2: drops the zero padding and checks the delimiter (2 ends the last record, 1 any other). */
export function stripPadding(plain: Uint8Array, isLast: boolean): Uint8Array {
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  const delimiter = plain[end];
  if (delimiter !== (isLast ? 2 : 1)) {
    throw new WebPushValidationError(
      'body',
      `record has delimiter ${delimiter ?? 'none'}, expected ${isLast ? 2 : 1}`,
    );
  }
  return plain.subarray(0, end);
}

/** draft-04 aesgcm plaintext: a 2-byte padding length, that much padding, then the data. */
export function stripAesgcmPadding(plain: Uint8Array): Uint8Array {
  const padLength = (plain[0]! << 8) | plain[1]!;
  if (plain.length < 2 || 2 + padLength > plain.length)
    throw new WebPushValidationError('body', 'aesgcm padding is longer than the record');
  return plain.subarray(2 + padLength);
}

export const AUTH_FAILED = 'failed authentication: wrong key or corrupted data';

/** Reads `name=value` out of a header such as `dh=...;p256ecdsa=...` or `salt=...`. */
export function headerParam(header: string, name: string, headerName: string): string {
  for (const part of header.split(/[;,]/)) {
    const [key, ...rest] = part.trim().split('=');
    if (key?.trim().toLowerCase() === name) return rest.join('=').replace(/^"|"$/g, '');
  }
  throw new WebPushValidationError(headerName, `has no ${name}= parameter`);
}
