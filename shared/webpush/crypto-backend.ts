// The seam between the library and a runtime's cryptography. Two back ends implement it: node:crypto
// (crypto-node.ts: synchronous, the fastest on Node and Bun) and WebCrypto (crypto-web.ts: Workers, Deno,
// browsers). The package's `imports` map ("#crypto") picks one per runtime, so a Workers bundle never sees
// node:crypto. Everything around them (byte layouts, validation, JWT text) is shared code.
import type { ContentEncoding } from './types.ts';

export type Awaitable<T> = T | Promise<T>;

export interface EncryptInput {
  plaintext: Uint8Array;
  /** 65-byte uncompressed point, prefix checked; the back end's ECDH checks the curve. */
  receiverPublic: Uint8Array;
  /** 16 bytes. */
  auth: Uint8Array;
  contentEncoding: ContentEncoding;
  /** Bytes of zero padding (padding.ts): after aes128gcm's delimiter, after aesgcm's length prefix. */
  padding?: number;
  /** Test vectors only: a fixed salt and sender key instead of fresh ones. */
  salt?: Uint8Array;
  senderPrivateKey?: Uint8Array;
}

export interface EncryptedParts {
  body: Uint8Array;
  salt: Uint8Array;
  senderPublicKey: Uint8Array;
}

export interface DecryptInput {
  body: Uint8Array;
  /** The receiver's raw 32-byte private scalar. */
  privateKey: Uint8Array;
  auth: Uint8Array;
  contentEncoding: ContentEncoding;
  /** aesgcm only: what its Encryption and Crypto-Key headers carry. */
  aesgcm?: { salt: Uint8Array; senderPublic: Uint8Array };
}

/** A VAPID signing key, parsed once: the runtime's private key handle and the applicationServerKey. */
export interface VapidKey {
  /** base64url of the 65-byte uncompressed public point (the browser's applicationServerKey). */
  readonly publicKey: string;
  /** A KeyObject under node:crypto, a CryptoKey under WebCrypto: pass it back to the same runtime only. */
  readonly privateKey: object;
}

export interface GeneratedVapidKeys {
  /** base64url, 65-byte uncompressed point: give it to `pushManager.subscribe({ applicationServerKey })`. */
  publicKey: string;
  /** base64url, the raw 32-byte private scalar. */
  privateKey: string;
  /** The same private key as PKCS#8 PEM. */
  privateKeyPem: string;
}

/** A private key as found in text: PKCS#8 DER, or the raw scalar (SEC1 keys are reduced to it). */
export type PrivateKeyMaterial = { pkcs8: Uint8Array } | { scalar: Uint8Array };

export interface CryptoBackend {
  readonly name: 'node:crypto' | 'webcrypto';
  /** RFC 8291 (aes128gcm) or draft-04 (aesgcm) encryption with a fresh ECDH key pair and salt. */
  encrypt(input: EncryptInput): Awaitable<EncryptedParts>;
  /** The user agent's side; throws WebPushValidationError('body', ...) when authentication fails. */
  decrypt(input: DecryptInput): Awaitable<Uint8Array>;
  /** RFC 8188 aes128gcm with a given IKM (one record, rs 4096): the layer under RFC 8291, for interop tests. */
  aes128gcmEncrypt(
    plaintext: Uint8Array,
    ikm: Uint8Array,
    salt: Uint8Array,
    keyId: Uint8Array,
  ): Awaitable<Uint8Array>;
  aes128gcmDecrypt(body: Uint8Array, ikm: Uint8Array): Awaitable<Uint8Array>;
  /** A P-256 ECDSA key; throws WebPushValidationError('vapidPrivateKey', ...) for anything else. */
  importVapidKey(material: PrivateKeyMaterial): Awaitable<VapidKey>;
  generateVapidKeys(): Awaitable<GeneratedVapidKeys>;
  /** ES256 over `data`: the JOSE signature r || s (64 bytes), not DER. */
  signEs256(key: VapidKey, data: Uint8Array): Awaitable<Uint8Array>;
  /** Checks an ES256 (r || s) signature against a 65-byte public point, as a push service does. */
  verifyEs256(publicPoint: Uint8Array, data: Uint8Array, signature: Uint8Array): Awaitable<boolean>;
}
