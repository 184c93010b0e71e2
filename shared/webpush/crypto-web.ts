// The WebCrypto back end (Workers, Deno, browsers; any runtime with crypto.subtle): ECDH, AES-GCM and ECDSA in
// WebCrypto, the HKDF key schedule in JavaScript (sha256.ts). Six WebCrypto calls a message; the independent
// ones run together (key generation beside the peer key import).
import { fromBase64Url } from './base64url.ts';
import { concatBytes, encodeBase64Url, exactBytes } from './bytes.ts';
import type {
  CryptoBackend,
  DecryptInput,
  EncryptedParts,
  EncryptInput,
  GeneratedVapidKeys,
  PrivateKeyMaterial,
  VapidKey,
} from './crypto-backend.ts';
import {
  aes128gcmHeader,
  AESGCM_AUTH_INFO,
  aesgcmInfos,
  AUTH_FAILED,
  CEK_INFO,
  LAST_RECORD,
  NO_PADDING,
  NONCE_INFO,
  readAes128gcmHeader,
  records,
  SALT_BYTES,
  stripAesgcmPadding,
  stripPadding,
  webPushInfo,
} from './ece-format.ts';
import { WebPushValidationError } from './errors.ts';
import { KEY_FIELD, scalarToPkcs8, toPem } from './key-der.ts';
import { NOT_ON_CURVE, parseP256Point } from './p256.ts';
import { aes128gcmTail, aesgcmPrefix } from './padding.ts';
import { hkdfExpand, hkdfExtract } from './sha256.ts';

const subtle = globalThis.crypto.subtle;
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ES256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
const bytes = (buffer: ArrayBuffer) => new Uint8Array(buffer);

/**
 * CEK and nonce from one IKM and salt (RFC 8188 §2.2-2.3, or draft-04's context-bound infos). HKDF runs in
 * JavaScript (sha256.ts): three HMACs cost less than the WebCrypto calls that would import and derive them.
 */
async function contentKeys(ikm: Uint8Array, salt: Uint8Array, infos: { key: Uint8Array; nonce: Uint8Array }) {
  const prk = hkdfExtract(salt, ikm);
  const cek = exactBytes(hkdfExpand(prk, infos.key, 16));
  return {
    cek: await subtle.importKey('raw', cek, 'AES-GCM', false, ['encrypt', 'decrypt']),
    nonce: hkdfExpand(prk, infos.nonce, 12),
  };
}

async function importPeer(point: Uint8Array, field: string): Promise<CryptoKey> {
  try {
    return await subtle.importKey('raw', exactBytes(point), ECDH, false, []);
  } catch {
    throw new WebPushValidationError(field, NOT_ON_CURVE);
  }
}

/** A fresh ECDH key pair, or (test vectors) one from a fixed scalar: the private key and its public point. */
async function senderKeyPair(scalar?: Uint8Array): Promise<{ privateKey: CryptoKey; publicKey: Uint8Array }> {
  if (scalar) {
    const { privateKey, publicKey } = await importScalar(scalar, ECDH, ['deriveBits']);
    return { privateKey, publicKey };
  }
  const pair = await subtle.generateKey(ECDH, false, ['deriveBits']);
  return { privateKey: pair.privateKey, publicKey: bytes(await subtle.exportKey('raw', pair.publicKey)) };
}

/**
 * Imports a private scalar and learns its public point: WebCrypto has no "public key of" call, but importing a
 * PKCS#8 key without its public part and exporting the JWK gives x and y. The key kept is not extractable.
 */
async function importScalar(
  scalar: Uint8Array,
  algorithm: typeof ECDH | typeof ECDSA,
  usages: KeyUsage[],
): Promise<{ privateKey: CryptoKey; publicKey: Uint8Array }> {
  const pkcs8 = exactBytes(scalarToPkcs8(scalar));
  return importPkcs8(pkcs8, algorithm, usages);
}

async function importPkcs8(
  pkcs8: Uint8Array,
  algorithm: typeof ECDH | typeof ECDSA,
  usages: KeyUsage[],
): Promise<{ privateKey: CryptoKey; publicKey: Uint8Array; d: string }> {
  const der = exactBytes(pkcs8);
  const [extractable, privateKey] = await Promise.all([
    subtle.importKey('pkcs8', der, algorithm, true, usages),
    subtle.importKey('pkcs8', der, algorithm, false, usages),
  ]);
  const jwk = await subtle.exportKey('jwk', extractable);
  const publicKey = concatBytes(new Uint8Array([4]), fromBase64Url(jwk.x!), fromBase64Url(jwk.y!));
  return { privateKey, publicKey, d: jwk.d! };
}

async function ecdhSecret(privateKey: CryptoKey, peer: CryptoKey): Promise<Uint8Array> {
  return bytes(await subtle.deriveBits({ name: 'ECDH', public: peer }, privateKey, 256));
}

async function seal(cek: CryptoKey, nonce: Uint8Array, ...parts: Uint8Array[]): Promise<Uint8Array> {
  const plain = concatBytes(...parts) as Uint8Array<ArrayBuffer>;
  return bytes(await subtle.encrypt({ name: 'AES-GCM', iv: exactBytes(nonce) }, cek, plain));
}

async function open(cek: CryptoKey, nonce: Uint8Array, sealed: Uint8Array): Promise<Uint8Array> {
  try {
    return bytes(await subtle.decrypt({ name: 'AES-GCM', iv: exactBytes(nonce) }, cek, exactBytes(sealed)));
  } catch {
    throw new WebPushValidationError('body', AUTH_FAILED);
  }
}

/** RFC 8291 §3.3-3.4: IKM = HKDF(auth, ecdh_secret, key_info, 32). */
function webPushIkm(secret: Uint8Array, auth: Uint8Array, info: Uint8Array): Uint8Array {
  return hkdfExpand(hkdfExtract(auth, secret), info, 32);
}

async function aes128gcmEncrypt(
  plaintext: Uint8Array,
  ikm: Uint8Array,
  salt: Uint8Array,
  keyId: Uint8Array,
  tail: Uint8Array = LAST_RECORD,
): Promise<Uint8Array> {
  const { cek, nonce } = await contentKeys(ikm, salt, { key: CEK_INFO, nonce: NONCE_INFO });
  return concatBytes(aes128gcmHeader(salt, keyId), await seal(cek, nonce, plaintext, tail));
}

async function aes128gcmDecrypt(body: Uint8Array, ikm: Uint8Array): Promise<Uint8Array> {
  const header = readAes128gcmHeader(body);
  const { cek, nonce } = await contentKeys(ikm, header.salt, { key: CEK_INFO, nonce: NONCE_INFO });
  const parts: Uint8Array[] = [];
  for (const record of records(body, header, nonce)) {
    parts.push(stripPadding(await open(cek, record.nonce, record.record), record.isLast));
  }
  return concatBytes(...parts);
}

async function encrypt(input: EncryptInput): Promise<EncryptedParts> {
  const salt = input.salt ?? globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const [sender, peer] = await Promise.all([
    senderKeyPair(input.senderPrivateKey),
    importPeer(input.receiverPublic, 'keys.p256dh'),
  ]);
  const secret = await ecdhSecret(sender.privateKey, peer);
  const senderPublicKey = sender.publicKey;
  if (input.contentEncoding === 'aes128gcm') {
    const ikm = webPushIkm(secret, input.auth, webPushInfo(input.receiverPublic, senderPublicKey));
    const tail = aes128gcmTail(input.padding);
    const body = await aes128gcmEncrypt(input.plaintext, ikm, salt, senderPublicKey, tail);
    return { body, salt, senderPublicKey };
  }
  const ikm = webPushIkm(secret, input.auth, AESGCM_AUTH_INFO);
  const { cek, nonce } = await contentKeys(ikm, salt, aesgcmInfos(input.receiverPublic, senderPublicKey));
  const prefix = aesgcmPrefix(input.padding);
  return { body: await seal(cek, nonce, prefix, input.plaintext), salt, senderPublicKey };
}

async function decrypt(input: DecryptInput): Promise<Uint8Array> {
  const receiver = await importScalar(input.privateKey, ECDH, ['deriveBits']);
  if (input.contentEncoding === 'aes128gcm') {
    const header = readAes128gcmHeader(input.body);
    const senderPublic = parseP256Point(header.keyId, 'body keyid');
    const secret = await ecdhSecret(receiver.privateKey, await importPeer(senderPublic, 'body keyid'));
    const ikm = webPushIkm(secret, input.auth, webPushInfo(receiver.publicKey, senderPublic));
    return aes128gcmDecrypt(input.body, ikm);
  }
  const { salt, senderPublic } = input.aesgcm!;
  const secret = await ecdhSecret(receiver.privateKey, await importPeer(senderPublic, 'Crypto-Key dh'));
  const ikm = webPushIkm(secret, input.auth, AESGCM_AUTH_INFO);
  const { cek, nonce } = await contentKeys(ikm, salt, aesgcmInfos(receiver.publicKey, senderPublic));
  return stripAesgcmPadding(await open(cek, nonce, input.body));
}

async function importVapidKey(material: PrivateKeyMaterial): Promise<VapidKey> {
  const pkcs8 = 'pkcs8' in material ? material.pkcs8 : scalarToPkcs8(material.scalar);
  try {
    const { privateKey, publicKey } = await importPkcs8(pkcs8, ECDSA, ['sign']);
    return { privateKey, publicKey: encodeBase64Url(publicKey) };
  } catch {
    throw new WebPushValidationError(
      KEY_FIELD,
      'must be a P-256 (prime256v1) EC private key (this one could not be imported)',
    );
  }
}

async function generateVapidKeys(): Promise<GeneratedVapidKeys> {
  const pair = await subtle.generateKey(ECDSA, true, ['sign', 'verify']);
  const [pkcs8, jwk] = await Promise.all([
    subtle.exportKey('pkcs8', pair.privateKey),
    subtle.exportKey('jwk', pair.privateKey),
  ]);
  const publicKey = concatBytes(new Uint8Array([4]), fromBase64Url(jwk.x!), fromBase64Url(jwk.y!));
  return {
    publicKey: encodeBase64Url(publicKey),
    privateKey: jwk.d!,
    privateKeyPem: toPem(bytes(pkcs8), 'PRIVATE KEY'),
  };
}

async function signEs256(key: VapidKey, data: Uint8Array): Promise<Uint8Array> {
  return bytes(await subtle.sign(ES256, key.privateKey as CryptoKey, exactBytes(data)));
}

async function verifyEs256(
  publicPoint: Uint8Array,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const key = await subtle.importKey('raw', exactBytes(publicPoint), ECDSA, false, ['verify']);
  return subtle.verify(ES256, key, exactBytes(signature), exactBytes(data));
}

export const backend: CryptoBackend = {
  name: 'webcrypto',
  encrypt,
  decrypt,
  aes128gcmEncrypt,
  aes128gcmDecrypt,
  importVapidKey,
  generateVapidKeys,
  signEs256,
  verifyEs256,
};
