// encrypt() and decrypt() of the portable API (`@starter-kit/webpush`): the same checks as the Node entry's,
// then the runtime's crypto back end. Async everywhere, since WebCrypto is; on Node the work is still
// node:crypto's synchronous code.
import { crypto } from '#runtime';
import type { ContentEncoding, PushData } from './types.ts';
import {
  decryptInput,
  encryptInput,
  payloadHeaders,
  type AesgcmHeaders,
  type EncryptOptions,
  type ReceiverKeys,
  type ReceiverPrivateKeys,
} from './payload-input.ts';

export type { AesgcmHeaders, EncryptOptions, ReceiverKeys, ReceiverPrivateKeys };

export interface EncryptedPayload {
  contentEncoding: ContentEncoding;
  body: Uint8Array;
  salt: Uint8Array;
  senderPublicKey: Uint8Array;
  /** Content-Encoding, and for aesgcm the Encryption and Crypto-Key headers. */
  headers: Record<string, string>;
}

/** RFC 8291 message encryption (aes128gcm), or the legacy draft's aesgcm that older browsers expect. */
export async function encrypt(
  data: PushData,
  keys: ReceiverKeys,
  options: EncryptOptions = {},
): Promise<EncryptedPayload> {
  const input = encryptInput(data, keys, options);
  const parts = await crypto.encrypt(input);
  const headers = payloadHeaders(input.contentEncoding, parts.salt, parts.senderPublicKey);
  return { contentEncoding: input.contentEncoding, ...parts, headers };
}

/** Decrypts a push body as a browser does (for tests, local tools and a test client). */
export async function decrypt(
  body: Uint8Array,
  receiver: ReceiverPrivateKeys,
  contentEncoding: ContentEncoding = 'aes128gcm',
  aesgcmHeaders?: AesgcmHeaders,
): Promise<Uint8Array> {
  return crypto.decrypt(decryptInput(body, receiver, contentEncoding, aesgcmHeaders));
}

/** RFC 8188 aes128gcm with a given IKM (one 4096-byte record): the layer under RFC 8291, for interop tests. */
export async function aes128gcmEncrypt(
  plaintext: Uint8Array,
  { ikm, salt, keyId = new Uint8Array(0) }: { ikm: Uint8Array; salt: Uint8Array; keyId?: Uint8Array },
): Promise<Uint8Array> {
  return crypto.aes128gcmEncrypt(plaintext, ikm, salt, keyId);
}

export async function aes128gcmDecrypt(body: Uint8Array, ikm: Uint8Array): Promise<Uint8Array> {
  return crypto.aes128gcmDecrypt(body, ikm);
}
