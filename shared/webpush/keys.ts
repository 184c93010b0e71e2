import { createECDH, createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { WebPushValidationError } from './errors.ts';
import { pointToJwk } from './p256.ts';
import type { PrivateKeyMaterial } from './crypto-backend.ts';
import type { VapidKeyInput } from './types.ts';
import { checkJwkPoint, isJwkInput, parseJwk } from './vapid-jwk.ts';

/** A VAPID signing key, parsed once: the private KeyObject and the applicationServerKey it answers to. */
export interface VapidKey {
  privateKey: KeyObject;
  /** base64url of the 65-byte uncompressed public point (the browser's applicationServerKey). */
  publicKey: string;
}

export interface GeneratedVapidKeys {
  /** base64url, 65-byte uncompressed point: give it to `pushManager.subscribe({ applicationServerKey })`. */
  publicKey: string;
  /** base64url, the raw 32-byte private scalar. */
  privateKey: string;
  /** The same private key as PKCS#8 PEM. */
  privateKeyPem: string;
}

const FIELD = 'vapidPrivateKey';

export function generateVapidKeys(): GeneratedVapidKeys {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = privateKey.export({ format: 'jwk' });
  return {
    publicKey: publicPointOf(privateKey),
    privateKey: jwk.d as string,
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

// Parsing a key costs far more than signing with it; callers that pass the same text every time pay it once.
const parsedKeys = new Map<string, VapidKey>();
const parsedKeyObjects = new WeakMap<object, VapidKey>();
const MAX_CACHED_KEYS = 64;

/**
 * Accepts PEM text (PKCS#8 or SEC1, with or without an EC PARAMETERS block), a path to a PEM file,
 * base64/base64url DER (PKCS#8 or SEC1), the raw 32-byte scalar in base64url, a KeyObject, or a JWK
 * ({ kty: 'EC', crv: 'P-256', d, x, y }) as an object or JSON text.
 */
export function loadVapidKey(input: VapidKeyInput): VapidKey {
  if (input instanceof KeyObject) {
    let key = parsedKeyObjects.get(input);
    if (!key) {
      key = fromKeyObject(input);
      parsedKeyObjects.set(input, key);
    }
    return key;
  }
  if (isLoadedKey(input)) return input;
  if (typeof input === 'object' && isJwkInput(input)) {
    let key = parsedKeyObjects.get(input);
    if (!key) parsedKeyObjects.set(input, (key = fromJwk(input)));
    return key;
  }
  if (typeof input !== 'string' || input.trim() === '') {
    throw new WebPushValidationError(
      FIELD,
      'is required: PEM text, a PEM file path, base64 DER, a raw base64url key or a JWK',
    );
  }
  const cached = parsedKeys.get(input);
  if (cached) return cached;
  const key = fromKeyObject(parseKeyText(input));
  if (parsedKeys.size >= MAX_CACHED_KEYS) parsedKeys.clear();
  parsedKeys.set(input, key);
  return key;
}

function fromJwk(input: unknown): VapidKey {
  const parsed = parseJwk(input);
  const key = fromKeyObject(fromRawScalar(parsed.scalar));
  checkJwkPoint(parsed, key.publicKey);
  return key;
}

function parseKeyText(input: string): KeyObject {
  const text = input.trim();
  if (isJwkInput(text)) return fromJwk(text).privateKey;
  if (text.includes('-----BEGIN')) return parsePem(text);
  if (!/^[A-Za-z0-9+/_=-]+$/.test(text)) {
    if (existsSync(text)) return parseKeyText(readFileSync(text, 'utf8'));
    throw new WebPushValidationError(FIELD, `is neither key text nor an existing file: ${text.slice(0, 80)}`);
  }
  const bytes = asBuffer(fromBase64Url(text, FIELD));
  if (bytes.length === 32) return fromRawScalar(bytes);
  for (const type of ['pkcs8', 'sec1'] as const) {
    try {
      return createPrivateKey({ key: bytes, format: 'der', type });
    } catch {
      // try the next DER layout
    }
  }
  throw new WebPushValidationError(
    FIELD,
    `decodes to ${bytes.length} bytes that are neither a raw 32-byte key nor PKCS#8/SEC1 DER`,
  );
}

function parsePem(text: string): KeyObject {
  // `openssl ecparam -genkey` writes an EC PARAMETERS block before the key; keep only the key block.
  const block = /-----BEGIN ([A-Z ]*PRIVATE KEY)-----[\s\S]+?-----END \1-----/.exec(text);
  if (!block) throw new WebPushValidationError(FIELD, 'PEM text has no PRIVATE KEY block');
  try {
    return createPrivateKey(block[0]);
  } catch (error) {
    throw new WebPushValidationError(FIELD, `PEM could not be read: ${(error as Error).message}`);
  }
}

function fromRawScalar(scalar: Uint8Array): KeyObject {
  const ecdh = createECDH('prime256v1');
  try {
    ecdh.setPrivateKey(scalar);
  } catch {
    throw new WebPushValidationError(FIELD, 'the raw 32-byte key is not a valid P-256 private scalar');
  }
  const jwk = { ...pointToJwk(ecdh.getPublicKey()), d: toBase64Url(scalar) };
  return createPrivateKey({ key: jwk, format: 'jwk' });
}

function fromKeyObject(key: KeyObject): VapidKey {
  if (
    key.type !== 'private' ||
    key.asymmetricKeyType !== 'ec' ||
    key.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
  ) {
    throw new WebPushValidationError(FIELD, 'must be a P-256 (prime256v1) EC private key');
  }
  return { privateKey: key, publicKey: publicPointOf(key) };
}

function publicPointOf(privateKey: KeyObject): string {
  const jwk = privateKey.export({ format: 'jwk' });
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x as string, 'base64url'),
    Buffer.from(jwk.y as string, 'base64url'),
  ]);
  return toBase64Url(point);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The CryptoBackend's import (crypto-node.ts): key material the shared parser found in text. */
export function keyFromMaterial(material: PrivateKeyMaterial): VapidKey {
  if ('scalar' in material) return fromKeyObject(fromRawScalar(material.scalar));
  try {
    return fromKeyObject(createPrivateKey({ key: asBuffer(material.pkcs8), format: 'der', type: 'pkcs8' }));
  } catch (error) {
    if (error instanceof WebPushValidationError) throw error;
    throw new WebPushValidationError(FIELD, `PKCS#8 DER could not be read: ${(error as Error).message}`);
  }
}

/** A key loadVapidKey returned before, passed back in. */
function isLoadedKey(input: unknown): input is VapidKey {
  const key = input as VapidKey | null;
  return (
    typeof key === 'object' &&
    key !== null &&
    key.privateKey instanceof KeyObject &&
    typeof key.publicKey === 'string'
  );
}
