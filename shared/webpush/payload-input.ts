// What encrypt() and decrypt() check and decode before any cryptography, shared by both back ends: the
// caller's keys and data become the bytes a CryptoBackend takes, with errors that name the field.
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { utf8 } from './bytes.ts';
import type { DecryptInput, EncryptInput } from './crypto-backend.ts';
import { assertFits, headerParam } from './ece-format.ts';
import { WebPushValidationError } from './errors.ts';
import { decodeP256Point, parseP256Point } from './p256.ts';
import { paddingBytes, type PaddingOption } from './padding.ts';
import type { ContentEncoding, PushData } from './types.ts';

/** The subscription's `keys`: the browser's public point and auth secret. */
export interface ReceiverKeys {
  p256dh: string | Uint8Array;
  auth: string | Uint8Array;
}

export interface EncryptOptions {
  contentEncoding?: ContentEncoding;
  /** Pads the plaintext so the body's length does not reveal the message's (padding.ts); off by default. */
  padding?: PaddingOption;
  /** Fixed salt and sender key, for test vectors only; a fresh pair per message is the default. */
  salt?: Uint8Array;
  senderPrivateKey?: Uint8Array;
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

export function encryptInput(data: PushData, keys: ReceiverKeys, options: EncryptOptions): EncryptInput {
  const contentEncoding = options.contentEncoding ?? 'aes128gcm';
  const plaintext = typeof data === 'string' ? utf8(data) : data;
  assertFits(plaintext.length, contentEncoding);
  const input: EncryptInput = {
    plaintext,
    receiverPublic: decodeP256Point(keys.p256dh, 'keys.p256dh'),
    auth: parseAuth(keys.auth),
    contentEncoding,
  };
  const padding = paddingBytes(plaintext.length, options.padding, contentEncoding);
  if (padding) input.padding = padding;
  if (options.salt) input.salt = options.salt;
  if (options.senderPrivateKey) input.senderPrivateKey = options.senderPrivateKey;
  return input;
}

/** Content-Encoding, and for aesgcm the Encryption and Crypto-Key headers that carry the salt and sender key. */
export function payloadHeaders(
  contentEncoding: ContentEncoding,
  salt: Uint8Array,
  senderPublicKey: Uint8Array,
): Record<string, string> {
  if (contentEncoding === 'aes128gcm') return { 'Content-Encoding': contentEncoding };
  return {
    'Content-Encoding': contentEncoding,
    Encryption: `salt=${toBase64Url(salt)}`,
    'Crypto-Key': `dh=${toBase64Url(senderPublicKey)}`,
  };
}

export function decryptInput(
  body: Uint8Array,
  receiver: ReceiverPrivateKeys,
  contentEncoding: ContentEncoding,
  aesgcmHeaders: AesgcmHeaders | undefined,
): DecryptInput {
  const privateKey =
    typeof receiver.privateKey === 'string'
      ? fromBase64Url(receiver.privateKey, 'privateKey')
      : receiver.privateKey;
  const input: DecryptInput = { body, privateKey, auth: parseAuth(receiver.auth), contentEncoding };
  if (contentEncoding === 'aes128gcm') return input;
  if (!aesgcmHeaders) throw new WebPushValidationError('aesgcmHeaders', 'are required to decrypt aesgcm');
  const salt = fromBase64Url(headerParam(aesgcmHeaders.encryption, 'salt', 'Encryption'), 'Encryption salt');
  const senderPublic = parseP256Point(
    headerParam(aesgcmHeaders.cryptoKey, 'dh', 'Crypto-Key'),
    'Crypto-Key dh',
  );
  input.aesgcm = { salt, senderPublic };
  return input;
}

export function parseAuth(auth: string | Uint8Array): Uint8Array {
  const bytes = typeof auth === 'string' ? fromBase64Url(auth, 'keys.auth') : auth;
  if (bytes.length !== 16)
    throw new WebPushValidationError('keys.auth', `must decode to 16 bytes (got ${bytes.length})`);
  return bytes;
}
