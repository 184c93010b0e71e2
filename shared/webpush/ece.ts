// RFC 8188 (aes128gcm) and draft-04 aesgcm on node:crypto, synchronous: HKDF, the AES-128-GCM records. The byte
// layouts (header, delimiters, padding, nonces) are ece-format.ts's, shared with the WebCrypto back end.
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import {
  aes128gcmHeader,
  AUTH_FAILED,
  CEK_INFO,
  LAST_RECORD,
  NO_PADDING,
  NONCE_INFO,
  readAes128gcmHeader,
  records,
  stripAesgcmPadding,
  stripPadding,
  TAG_BYTES,
} from './ece-format.ts';
import { WebPushValidationError } from './errors.ts';

export { RECORD_SIZE, readAes128gcmHeader, type Aes128gcmHeader } from './ece-format.ts';

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
  tail: Uint8Array = LAST_RECORD,
): Buffer {
  const { cek, nonce } = aes128gcmKeys(ikm, salt);
  const cipher = createCipheriv('aes-128-gcm', cek, nonce);
  const sealed = [cipher.update(plaintext), cipher.update(tail), cipher.final(), cipher.getAuthTag()];
  return Buffer.concat([aes128gcmHeader(salt, keyId), ...sealed]);
}

/** RFC 8188 decryption of every record, with the padding and delimiters removed. */
export function aes128gcmDecrypt(body: Uint8Array, ikm: Uint8Array): Buffer {
  const header = readAes128gcmHeader(body);
  const { cek, nonce } = aes128gcmKeys(ikm, header.salt);
  const parts: Uint8Array[] = [];
  for (const record of records(body, header, nonce)) {
    parts.push(stripPadding(openRecord(cek, record.nonce, record.record), record.isLast));
  }
  return Buffer.concat(parts);
}

function openRecord(key: Uint8Array, nonce: Uint8Array, record: Uint8Array): Buffer {
  if (record.length <= TAG_BYTES)
    throw new WebPushValidationError('body', 'has a record too short to hold a tag');
  const decipher = createDecipheriv('aes-128-gcm', key, nonce);
  decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(record.subarray(0, record.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new WebPushValidationError('body', AUTH_FAILED);
  }
}

/** Legacy draft-04 "aesgcm": one record with a 2-byte padding length prefix (and that much padding). */
export function aesgcmEncrypt(
  plaintext: Uint8Array,
  key: Uint8Array,
  nonce: Uint8Array,
  prefix: Uint8Array = NO_PADDING,
): Buffer {
  const cipher = createCipheriv('aes-128-gcm', key, nonce);
  const sealed = [cipher.update(prefix), cipher.update(plaintext), cipher.final(), cipher.getAuthTag()];
  return Buffer.concat(sealed);
}

export function aesgcmDecrypt(body: Uint8Array, key: Uint8Array, nonce: Uint8Array): Buffer {
  const plain = stripAesgcmPadding(openRecord(key, nonce, body));
  return Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength);
}
