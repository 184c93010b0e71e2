import { createECDH, randomFillSync } from 'node:crypto';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import {
  aes128gcmDecrypt,
  aes128gcmEncrypt,
  aesgcmDecrypt,
  aesgcmEncrypt,
  hkdf,
  hkdfExpand,
  hkdfExtract,
  readAes128gcmHeader,
} from './ece.ts';
import { WebPushValidationError } from './errors.ts';
import { decodeP256Point, NOT_ON_CURVE, parseP256Point } from './p256.ts';
import { MAX_BODY_BYTES, MAX_PLAINTEXT_BYTES } from './record-limits.ts';
import type { ContentEncoding, PushData } from './types.ts';

// Defined in record-limits.ts (no runtime imports) so the browser side can use the same numbers.
export { MAX_BODY_BYTES, MAX_PLAINTEXT_BYTES };

/** The subscription's `keys`: the browser's public point and auth secret. */
export interface ReceiverKeys {
  p256dh: string | Uint8Array;
  auth: string | Uint8Array;
}

export interface EncryptOptions {
  contentEncoding?: ContentEncoding;
  /** Fixed salt and sender key, for test vectors only; a fresh pair per message is the default. */
  salt?: Uint8Array;
  senderPrivateKey?: Uint8Array;
}

export interface EncryptedPayload {
  contentEncoding: ContentEncoding;
  body: Buffer;
  salt: Buffer;
  senderPublicKey: Buffer;
  /** Content-Encoding, and for aesgcm the Encryption and Crypto-Key headers. */
  headers: Record<string, string>;
}

/** RFC 8291 message encryption (aes128gcm), or the legacy draft's aesgcm that older browsers expect. */
export function encrypt(data: PushData, keys: ReceiverKeys, options: EncryptOptions = {}): EncryptedPayload {
  const contentEncoding = options.contentEncoding ?? 'aes128gcm';
  const plaintext = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  assertFits(plaintext.length, contentEncoding);
  const receiverPublic = decodeP256Point(keys.p256dh, 'keys.p256dh');
  const auth = parseAuth(keys.auth);
  const salt = options.salt ? Buffer.from(options.salt) : randomSalt();
  const ecdh = options.senderPrivateKey ? createECDH('prime256v1') : senderEcdh;
  const senderPublic = options.senderPrivateKey
    ? (ecdh.setPrivateKey(options.senderPrivateKey), ecdh.getPublicKey())
    : ecdh.generateKeys();
  const secret = sharedSecret(ecdh, receiverPublic);

  if (contentEncoding === 'aes128gcm') {
    const ikm = webPushIkm(secret, auth, receiverPublic, senderPublic);
    const body = aes128gcmEncrypt(plaintext, ikm, salt, senderPublic);
    return {
      contentEncoding,
      body,
      salt,
      senderPublicKey: senderPublic,
      headers: { 'Content-Encoding': contentEncoding },
    };
  }
  const { key, nonce } = aesgcmKeys(secret, auth, salt, receiverPublic, senderPublic);
  const headers = {
    'Content-Encoding': contentEncoding,
    Encryption: `salt=${toBase64Url(salt)}`,
    'Crypto-Key': `dh=${toBase64Url(senderPublic)}`,
  };
  return {
    contentEncoding,
    body: aesgcmEncrypt(plaintext, key, nonce),
    salt,
    senderPublicKey: senderPublic,
    headers,
  };
}

/** The browser's side: what a user agent holds to read a push. */
export interface ReceiverPrivateKeys {
  /** Raw 32-byte private scalar (base64url or bytes). */
  privateKey: string | Uint8Array;
  auth: string | Uint8Array;
}

/** The aesgcm headers that carry what aes128gcm puts in the body header. */
export interface AesgcmHeaders {
  encryption: string;
  cryptoKey: string;
}

/** Decrypts a push body as a browser does (for tests, the local tools and a test client). */
export function decrypt(
  body: Uint8Array,
  receiver: ReceiverPrivateKeys,
  contentEncoding: ContentEncoding = 'aes128gcm',
  aesgcmHeaders?: AesgcmHeaders,
): Buffer {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(
    typeof receiver.privateKey === 'string'
      ? fromBase64Url(receiver.privateKey, 'privateKey')
      : receiver.privateKey,
  );
  const receiverPublic = ecdh.getPublicKey();
  const auth = parseAuth(receiver.auth);
  if (contentEncoding === 'aes128gcm') {
    const senderPublic = parseP256Point(readAes128gcmHeader(body).keyId, 'body keyid');
    const ikm = webPushIkm(ecdh.computeSecret(senderPublic), auth, receiverPublic, senderPublic);
    return aes128gcmDecrypt(body, ikm);
  }
  if (!aesgcmHeaders) throw new WebPushValidationError('aesgcmHeaders', 'are required to decrypt aesgcm');
  const salt = fromBase64Url(headerParam(aesgcmHeaders.encryption, 'salt', 'Encryption'), 'Encryption salt');
  const senderPublic = parseP256Point(
    headerParam(aesgcmHeaders.cryptoKey, 'dh', 'Crypto-Key'),
    'Crypto-Key dh',
  );
  const { key, nonce } = aesgcmKeys(
    ecdh.computeSecret(senderPublic),
    auth,
    salt,
    receiverPublic,
    senderPublic,
  );
  return aesgcmDecrypt(body, key, nonce);
}

// generateKeys() makes a new key pair each call; reusing the object saves the curve set-up (this is synchronous,
// so no two messages ever share a key pair).
const senderEcdh = createECDH('prime256v1');

/** ECDH checks that the point is on the curve; this turns its error into one that names the field. */
function sharedSecret(ecdh: ReturnType<typeof createECDH>, receiverPublic: Uint8Array): Buffer {
  try {
    return ecdh.computeSecret(receiverPublic);
  } catch {
    throw new WebPushValidationError('keys.p256dh', NOT_ON_CURVE);
  }
}

// Salts come from a pool filled 256 at a time: one getrandom call instead of one per message.
const saltPool = Buffer.alloc(16 * 256);
let saltOffset = saltPool.length;
function randomSalt(): Buffer {
  if (saltOffset === saltPool.length) {
    randomFillSync(saltPool);
    saltOffset = 0;
  }
  saltOffset += 16;
  return Buffer.from(saltPool.subarray(saltOffset - 16, saltOffset));
}

export function assertFits(bytes: number, contentEncoding: ContentEncoding): void {
  const max = MAX_PLAINTEXT_BYTES[contentEncoding];
  if (bytes > max) {
    throw new WebPushValidationError(
      'data',
      `is ${bytes} bytes; at most ${max} bytes fit in one ${MAX_BODY_BYTES}-byte ${contentEncoding} push message`,
    );
  }
}

function parseAuth(auth: string | Uint8Array): Uint8Array {
  const bytes = typeof auth === 'string' ? fromBase64Url(auth, 'keys.auth') : auth;
  if (bytes.length !== 16)
    throw new WebPushValidationError('keys.auth', `must decode to 16 bytes (got ${bytes.length})`);
  return bytes;
}

/** RFC 8291 §3.3-3.4: IKM = HKDF(auth, ecdh_secret, "WebPush: info" || 0 || ua_public || as_public, 32). */
function webPushIkm(
  secret: Uint8Array,
  auth: Uint8Array,
  receiverPublic: Uint8Array,
  senderPublic: Uint8Array,
): Buffer {
  const info = Buffer.concat([WEBPUSH_INFO, receiverPublic, senderPublic]);
  return hkdf(auth, secret, info, 32);
}
const WEBPUSH_INFO = Buffer.from('WebPush: info\0');

/** draft-ietf-webpush-encryption-04: the auth-mixed IKM, then CEK and nonce bound to both public keys. */
function aesgcmKeys(
  secret: Uint8Array,
  auth: Uint8Array,
  salt: Uint8Array,
  receiverPublic: Uint8Array,
  senderPublic: Uint8Array,
) {
  const ikm = hkdf(auth, secret, Buffer.from('Content-Encoding: auth\0'), 32);
  const context = Buffer.concat([
    Buffer.from('P-256\0'),
    lengthPrefixed(receiverPublic),
    lengthPrefixed(senderPublic),
  ]);
  const prk = hkdfExtract(salt, ikm);
  return {
    key: hkdfExpand(prk, Buffer.concat([Buffer.from('Content-Encoding: aesgcm\0'), context]), 16),
    nonce: hkdfExpand(prk, Buffer.concat([Buffer.from('Content-Encoding: nonce\0'), context]), 12),
  };
}

function lengthPrefixed(bytes: Uint8Array): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** Reads `name=value` out of a header such as `dh=...;p256ecdsa=...` or `salt=...`. */
function headerParam(header: string, name: string, headerName: string): string {
  for (const part of header.split(/[;,]/)) {
    const [key, ...rest] = part.trim().split('=');
    if (key?.trim().toLowerCase() === name) return rest.join('=').replace(/^"|"$/g, '');
  }
  throw new WebPushValidationError(headerName, `has no ${name}= parameter`);
}
