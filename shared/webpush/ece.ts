import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { WebPushValidationError } from './errors.ts';

/** RFC 8188 record size we write: push services accept a 4096-byte body, so one record always suffices. */
export const RECORD_SIZE = 4096;
const TAG_BYTES = 16;
const SALT_BYTES = 16;

/** RFC 5869 HKDF-SHA-256 in its two steps, so one extract can serve several expands (CEK and nonce). */
export function hkdfExtract(salt: Uint8Array, ikm: Uint8Array): Buffer {
  return createHmac('sha256', salt).update(ikm).digest();
}

/** One block of expand is enough: every key here is at most 32 bytes. */
export function hkdfExpand(prk: Uint8Array, info: Uint8Array, length: number): Buffer {
  return createHmac('sha256', prk).update(info).update(ONE).digest().subarray(0, length);
}
const ONE = Buffer.from([1]);

export function hkdf(salt: Uint8Array, ikm: Uint8Array, info: Uint8Array, length: number): Buffer {
  return hkdfExpand(hkdfExtract(salt, ikm), info, length);
}

const CEK_INFO = Buffer.from('Content-Encoding: aes128gcm\0');
const NONCE_INFO = Buffer.from('Content-Encoding: nonce\0');

/** RFC 8188 section 2.2/2.3: content-encryption key and nonce from the input keying material and salt. */
export function aes128gcmKeys(ikm: Uint8Array, salt: Uint8Array): { cek: Buffer; nonce: Buffer } {
  const prk = hkdfExtract(salt, ikm);
  return { cek: hkdfExpand(prk, CEK_INFO, 16), nonce: hkdfExpand(prk, NONCE_INFO, 12) };
}

/**
 * RFC 8188 aes128gcm, one record: header (salt, rs, keyid) then the record, whose plaintext ends with the
 * 0x02 last-record delimiter. The caller checks that the plaintext fits.
 */
export function aes128gcmEncrypt(
  plaintext: Uint8Array,
  ikm: Uint8Array,
  salt: Uint8Array,
  keyId: Uint8Array,
): Buffer {
  const { cek, nonce } = aes128gcmKeys(ikm, salt);
  const header = Buffer.alloc(SALT_BYTES + 5 + keyId.length);
  header.set(salt, 0);
  header.writeUInt32BE(RECORD_SIZE, SALT_BYTES);
  header[SALT_BYTES + 4] = keyId.length;
  header.set(keyId, SALT_BYTES + 5);
  const cipher = createCipheriv('aes-128-gcm', cek, nonce);
  const sealed = [cipher.update(plaintext), cipher.update(LAST_RECORD), cipher.final(), cipher.getAuthTag()];
  return Buffer.concat([header, ...sealed]);
}
const LAST_RECORD = Buffer.from([2]);

export interface Aes128gcmHeader {
  salt: Buffer;
  recordSize: number;
  keyId: Buffer;
  /** Where the first record starts. */
  offset: number;
}

export function readAes128gcmHeader(body: Uint8Array): Aes128gcmHeader {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (bytes.length < SALT_BYTES + 5)
    throw new WebPushValidationError('body', 'is shorter than an aes128gcm header');
  const idLength = bytes[SALT_BYTES + 4]!;
  const offset = SALT_BYTES + 5 + idLength;
  const recordSize = bytes.readUInt32BE(SALT_BYTES);
  if (recordSize < 18)
    throw new WebPushValidationError('body', `record size ${recordSize} is below the minimum of 18`);
  return {
    salt: bytes.subarray(0, SALT_BYTES),
    recordSize,
    keyId: bytes.subarray(SALT_BYTES + 5, offset),
    offset,
  };
}

/** RFC 8188 decryption of every record, with the padding and delimiters removed. */
export function aes128gcmDecrypt(body: Uint8Array, ikm: Uint8Array): Buffer {
  const header = readAes128gcmHeader(body);
  const { cek, nonce } = aes128gcmKeys(ikm, header.salt);
  const records = Buffer.from(body).subarray(header.offset);
  const parts: Buffer[] = [];
  for (let start = 0, seq = 0; start < records.length; start += header.recordSize, seq++) {
    const record = records.subarray(start, start + header.recordSize);
    const plain = openRecord(cek, nonceFor(nonce, seq), record);
    const isLast = start + header.recordSize >= records.length;
    parts.push(stripPadding(plain, isLast));
  }
  return Buffer.concat(parts);
}

function nonceFor(base: Buffer, seq: number): Buffer {
  const nonce = Buffer.from(base);
  nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ seq) >>> 0, 8);
  return nonce;
}

function openRecord(key: Buffer, nonce: Buffer, record: Buffer): Buffer {
  if (record.length <= TAG_BYTES)
    throw new WebPushValidationError('body', 'has a record too short to hold a tag');
  const decipher = createDecipheriv('aes-128-gcm', key, nonce);
  decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(record.subarray(0, record.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new WebPushValidationError('body', 'failed authentication: wrong key or corrupted data');
  }
}

function stripPadding(plain: Buffer, isLast: boolean): Buffer {
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

/** Legacy draft-04 "aesgcm": one record with a 2-byte padding length prefix (no padding). */
export function aesgcmEncrypt(plaintext: Uint8Array, key: Uint8Array, nonce: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-128-gcm', key, nonce);
  const sealed = [
    cipher.update(Buffer.alloc(2)),
    cipher.update(plaintext),
    cipher.final(),
    cipher.getAuthTag(),
  ];
  return Buffer.concat(sealed);
}

export function aesgcmDecrypt(body: Uint8Array, key: Uint8Array, nonce: Uint8Array): Buffer {
  const plain = openRecord(Buffer.from(key), Buffer.from(nonce), Buffer.from(body));
  const padLength = plain.readUInt16BE(0);
  if (2 + padLength > plain.length)
    throw new WebPushValidationError('body', 'aesgcm padding is longer than the record');
  return plain.subarray(2 + padLength);
}
