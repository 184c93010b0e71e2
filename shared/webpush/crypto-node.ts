// The node:crypto back end (Node, Bun): synchronous OpenSSL/BoringSSL calls, several times faster than
// WebCrypto on those runtimes. The same functions serve the Node-only entry's synchronous API.
import { createPublicKey, sign, verify } from 'node:crypto';
import type { CryptoBackend } from './crypto-backend.ts';
import { aes128gcmDecrypt, aes128gcmEncrypt } from './ece.ts';
import { decryptParts, encryptParts } from './encrypt.ts';
import { generateVapidKeys, keyFromMaterial } from './keys.ts';
import { pointToJwk } from './p256.ts';

export function signEs256(privateKey: object, data: Uint8Array): Buffer {
  return sign('sha256', data, { key: privateKey as never, dsaEncoding: 'ieee-p1363' });
}

export function verifyEs256(publicPoint: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey({ key: pointToJwk(publicPoint), format: 'jwk' });
  return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
}

export const backend: CryptoBackend = {
  name: 'node:crypto',
  encrypt: encryptParts,
  decrypt: decryptParts,
  aes128gcmEncrypt,
  aes128gcmDecrypt,
  importVapidKey: keyFromMaterial,
  generateVapidKeys,
  signEs256: (key, data) => signEs256(key.privateKey, data),
  verifyEs256,
};
