// A second, separate receiver written on WebCrypto (not node:crypto's ECDH/HKDF/cipher APIs and sharing
// no code with encrypt.ts), so tests can check our ciphertext the way a browser would read it.
const subtle = globalThis.crypto.subtle;
const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) out.set(part, (at += part.length) - part.length);
  return out;
};
const fromB64u = (text: string) => new Uint8Array(Buffer.from(text.replace(/=+$/, ''), 'base64url'));

async function hkdf(salt: Uint8Array, ikm: Uint8Array, info: Uint8Array, bytes: number): Promise<Uint8Array> {
  const key = await subtle.importKey('raw', ikm as BufferSource, 'HKDF', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: salt as BufferSource, info: info as BufferSource },
    key,
    bytes * 8,
  );
  return new Uint8Array(bits);
}

async function ecdhSecret(privateJwk: JsonWebKey, peerPoint: Uint8Array): Promise<Uint8Array> {
  const privateKey = await subtle.importKey('jwk', privateJwk, { name: 'ECDH', namedCurve: 'P-256' }, false, [
    'deriveBits',
  ]);
  const publicKey = await subtle.importKey(
    'raw',
    peerPoint as BufferSource,
    { name: 'ECDH', namedCurve: 'P-256' },
    false,
    [],
  );
  return new Uint8Array(await subtle.deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256));
}

async function aesGcmOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await subtle.importKey('raw', key as BufferSource, 'AES-GCM', false, ['decrypt']);
  return new Uint8Array(
    await subtle.decrypt({ name: 'AES-GCM', iv: nonce as BufferSource }, cryptoKey, sealed as BufferSource),
  );
}

export interface IndependentReceiver {
  /** The browser key pair as a private JWK (d, x, y) and the 16-byte auth secret. */
  jwk: JsonWebKey;
  publicPoint: Uint8Array;
  auth: Uint8Array;
}

/** RFC 8291 §3.4 + RFC 8188, one record. */
export async function independentDecryptAes128gcm(
  body: Uint8Array,
  me: IndependentReceiver,
): Promise<string> {
  const salt = body.slice(0, 16);
  const idLength = body[20]!;
  const senderPoint = body.slice(21, 21 + idLength);
  const secret = await ecdhSecret(me.jwk, senderPoint);
  const ikm = await hkdf(me.auth, secret, concat(utf8('WebPush: info\0'), me.publicPoint, senderPoint), 32);
  const cek = await hkdf(salt, ikm, utf8('Content-Encoding: aes128gcm\0'), 16);
  const nonce = await hkdf(salt, ikm, utf8('Content-Encoding: nonce\0'), 12);
  const plain = await aesGcmOpen(cek, nonce, body.slice(21 + idLength));
  const end = plain.lastIndexOf(2);
  return new TextDecoder().decode(plain.slice(0, end));
}

/** draft-ietf-webpush-encryption-04 "aesgcm": salt in Encryption, the sender key in Crypto-Key dh=. */
export async function independentDecryptAesgcm(
  body: Uint8Array,
  encryption: string,
  cryptoKey: string,
  me: IndependentReceiver,
) {
  const salt = fromB64u(/salt=([^;,\s]+)/.exec(encryption)![1]!);
  const senderPoint = fromB64u(/dh=([^;,\s]+)/.exec(cryptoKey)![1]!);
  const secret = await ecdhSecret(me.jwk, senderPoint);
  const ikm = await hkdf(me.auth, secret, utf8('Content-Encoding: auth\0'), 32);
  const context = concat(
    utf8('P-256\0'),
    new Uint8Array([0, 65]),
    me.publicPoint,
    new Uint8Array([0, 65]),
    senderPoint,
  );
  const cek = await hkdf(salt, ikm, concat(utf8('Content-Encoding: aesgcm\0'), context), 16);
  const nonce = await hkdf(salt, ikm, concat(utf8('Content-Encoding: nonce\0'), context), 12);
  const plain = await aesGcmOpen(cek, nonce, body);
  const padding = (plain[0]! << 8) | plain[1]!;
  return new TextDecoder().decode(plain.slice(2 + padding));
}

/** A browser-like key pair made with WebCrypto, and its subscription JSON. */
export async function makeIndependentReceiver(endpoint: string) {
  const pair = (await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
    'deriveBits',
  ])) as CryptoKeyPair;
  const publicPoint = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  const auth = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const me: IndependentReceiver = { jwk: await subtle.exportKey('jwk', pair.privateKey), publicPoint, auth };
  const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
  return { me, subscription: { endpoint, keys: { p256dh: b64u(publicPoint), auth: b64u(auth) } } };
}
