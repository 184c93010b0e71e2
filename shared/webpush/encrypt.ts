import { createECDH, randomFillSync } from 'node:crypto';
import type { DecryptInput, EncryptInput } from './crypto-backend.ts';
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
import { AESGCM_AUTH_INFO, aesgcmInfos, webPushInfo } from './ece-format.ts';
import { WebPushValidationError } from './errors.ts';
import { NOT_ON_CURVE, parseP256Point } from './p256.ts';
import { aes128gcmTail, aesgcmPrefix } from './padding.ts';
import {
  decryptInput,
  encryptInput,
  payloadHeaders,
  type AesgcmHeaders,
  type EncryptOptions,
  type ReceiverKeys,
  type ReceiverPrivateKeys,
} from './payload-input.ts';
import type { ContentEncoding, PushData } from './types.ts';

// Defined in record-limits.ts (no runtime imports) so the browser side can use the same numbers.
export { MAX_BODY_BYTES, MAX_PLAINTEXT_BYTES } from './record-limits.ts';
export { assertFits } from './ece-format.ts';
export type { AesgcmHeaders, EncryptOptions, ReceiverKeys, ReceiverPrivateKeys };

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
  const input = encryptInput(data, keys, options);
  const parts = encryptParts(input);
  const headers = payloadHeaders(input.contentEncoding, parts.salt, parts.senderPublicKey);
  return { contentEncoding: input.contentEncoding, ...parts, headers };
}

/** node:crypto's encryption of checked input: the CryptoBackend's encrypt (crypto-node.ts). */
export function encryptParts(input: EncryptInput): { body: Buffer; salt: Buffer; senderPublicKey: Buffer } {
  const { plaintext, receiverPublic, auth } = input;
  const salt = input.salt ? Buffer.from(input.salt) : randomSalt();
  const ecdh = input.senderPrivateKey ? createECDH('prime256v1') : senderEcdh;
  const senderPublic = input.senderPrivateKey
    ? (ecdh.setPrivateKey(input.senderPrivateKey), ecdh.getPublicKey())
    : ecdh.generateKeys();
  const secret = sharedSecret(ecdh, receiverPublic);

  if (input.contentEncoding === 'aes128gcm') {
    const ikm = webPushIkm(secret, auth, receiverPublic, senderPublic);
    const body = aes128gcmEncrypt(plaintext, ikm, salt, senderPublic, aes128gcmTail(input.padding));
    return { body, salt, senderPublicKey: senderPublic };
  }
  const { key, nonce } = aesgcmKeys(secret, auth, salt, receiverPublic, senderPublic);
  const prefix = aesgcmPrefix(input.padding);
  return { body: aesgcmEncrypt(plaintext, key, nonce, prefix), salt, senderPublicKey: senderPublic };
}

/** Decrypts a push body as a browser does (for tests, the local tools and a test client). */
export function decrypt(
  body: Uint8Array,
  receiver: ReceiverPrivateKeys,
  contentEncoding: ContentEncoding = 'aes128gcm',
  aesgcmHeaders?: AesgcmHeaders,
): Buffer {
  return decryptParts(decryptInput(body, receiver, contentEncoding, aesgcmHeaders));
}

/** node:crypto's decryption of checked input: the CryptoBackend's decrypt. */
export function decryptParts(input: DecryptInput): Buffer {
  const { body, auth } = input;
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(input.privateKey);
  const receiverPublic = ecdh.getPublicKey();
  if (input.contentEncoding === 'aes128gcm') {
    const senderPublic = parseP256Point(readAes128gcmHeader(body).keyId, 'body keyid');
    const ikm = webPushIkm(ecdh.computeSecret(senderPublic), auth, receiverPublic, senderPublic);
    return aes128gcmDecrypt(body, ikm);
  }
  const { salt, senderPublic } = input.aesgcm!;
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

/** RFC 8291 §3.3-3.4: IKM = HKDF(auth, ecdh_secret, "WebPush: info" || 0 || ua_public || as_public, 32). */
function webPushIkm(
  secret: Uint8Array,
  auth: Uint8Array,
  receiverPublic: Uint8Array,
  senderPublic: Uint8Array,
): Buffer {
  return hkdf(auth, secret, webPushInfo(receiverPublic, senderPublic), 32);
}

/** draft-ietf-webpush-encryption-04: the auth-mixed IKM, then CEK and nonce bound to both public keys. */
function aesgcmKeys(
  secret: Uint8Array,
  auth: Uint8Array,
  salt: Uint8Array,
  receiverPublic: Uint8Array,
  senderPublic: Uint8Array,
) {
  const ikm = hkdf(auth, secret, AESGCM_AUTH_INFO, 32);
  const infos = aesgcmInfos(receiverPublic, senderPublic);
  const prk = hkdfExtract(salt, ikm);
  return { key: hkdfExpand(prk, infos.key, 16), nonce: hkdfExpand(prk, infos.nonce, 12) };
}
