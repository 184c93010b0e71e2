// VAPID keys in the portable API: parse key text once (PEM, base64 DER, raw base64url scalar), import it into
// the runtime's crypto, and keep the result; generate new pairs. No key files here: reading a path is the Node
// entry's (keys.ts).
import { crypto } from '#runtime';
import type { GeneratedVapidKeys, VapidKey } from './crypto-backend.ts';
import { WebPushValidationError } from './errors.ts';
import { KEY_FIELD, parsePrivateKeyText } from './key-der.ts';
import type { VapidKeyInput } from './types.ts';
import { checkJwkPoint, isJwkInput, parseJwk } from './vapid-jwk.ts';

export type { GeneratedVapidKeys, VapidKey };

// Importing a key costs far more than signing with it; callers that pass the same text every time pay it once.
const parsedKeys = new Map<string, Promise<VapidKey>>();
const MAX_CACHED_KEYS = 64;
const parsedJwks = new WeakMap<object, Promise<VapidKey>>();

export function generateVapidKeys(): Promise<GeneratedVapidKeys> {
  return Promise.resolve(crypto.generateVapidKeys());
}

/**
 * Accepts PEM text (PKCS#8 or SEC1), base64/base64url DER, the raw 32-byte scalar in base64url, a JWK
 * ({ kty: 'EC', crv: 'P-256', d, x, y }) as an object or JSON text, or a VapidKey.
 * Key files are the Node entry's: read the file and pass its text.
 */
export function loadVapidKey(input: VapidKeyInput): Promise<VapidKey> {
  if (isVapidKey(input)) return Promise.resolve(input);
  if (typeof input === 'object' && input !== null && isJwkInput(input)) {
    let key = parsedJwks.get(input);
    if (!key) parsedJwks.set(input, (key = fromJwk(input)));
    return key;
  }
  if (typeof input !== 'string' || input.trim() === '') {
    const what =
      typeof input === 'object' && input !== null
        ? "a KeyObject works with '@starter-kit/webpush/node'; here give"
        : 'is required:';
    return Promise.reject(
      new WebPushValidationError(KEY_FIELD, `${what} PEM text, base64 DER, a raw base64url key or a JWK`),
    );
  }
  let key = parsedKeys.get(input);
  if (!key) {
    key = isJwkInput(input)
      ? fromJwk(input)
      : (async () => crypto.importVapidKey(parsePrivateKeyText(input)))();
    if (parsedKeys.size >= MAX_CACHED_KEYS) parsedKeys.clear();
    parsedKeys.set(input, key);
    key.catch(() => parsedKeys.delete(input)); // a bad key is not remembered
  }
  return key;
}

async function fromJwk(input: unknown): Promise<VapidKey> {
  const parsed = parseJwk(input);
  const key = await crypto.importVapidKey({ scalar: parsed.scalar });
  checkJwkPoint(parsed, key.publicKey);
  return key;
}

function isVapidKey(input: unknown): input is VapidKey {
  return (
    typeof input === 'object' &&
    input !== null &&
    typeof (input as VapidKey).publicKey === 'string' &&
    typeof (input as VapidKey).privateKey === 'object'
  );
}
