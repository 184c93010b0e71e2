// SHA-256 (FIPS 180-4) and HMAC/HKDF on it (RFC 2104, RFC 5869) in plain JavaScript, for the WebCrypto back
// end: a message's key schedule is five HMACs over a few dozen bytes, which JavaScript does in a few
// microseconds, where each WebCrypto call (import a key, derive bits) costs far more in promise and key-object
// overhead than in hashing. No branch or table lookup depends on the data, so the timing reveals nothing of
// the keys.

// Int32Array, not Uint32Array: a word above 2^31 read from a Uint32Array is a double to the JIT, which makes
// every round several times slower; the bitwise operators treat both alike.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const INITIAL = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
const W = new Int32Array(64);

function compress(state: Int32Array, block: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++) {
    const j = at + i * 4;
    W[i] = (block[j]! << 24) | (block[j + 1]! << 16) | (block[j + 2]! << 8) | block[j + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15]!;
    const w2 = W[i - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!; // prettier-ignore
  let e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!; // prettier-ignore
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

const BLOCK = new Uint8Array(64);
const STATE = new Int32Array(8);

/** SHA-256 of the concatenated parts, a block at a time through one scratch block (no copy of the input). */
export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  STATE.set(INITIAL);
  let filled = 0;
  let length = 0;
  for (const part of parts) {
    length += part.length;
    let at = 0;
    if (filled === 0) for (; at + 64 <= part.length; at += 64) compress(STATE, part, at);
    while (at < part.length) {
      const take = Math.min(64 - filled, part.length - at);
      BLOCK.set(part.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled === 64) {
        compress(STATE, BLOCK, 0);
        filled = 0;
      }
    }
  }
  BLOCK.fill(0, filled);
  BLOCK[filled] = 0x80;
  if (filled >= 56) {
    compress(STATE, BLOCK, 0);
    BLOCK.fill(0);
  }
  const high = Math.floor(length / 0x20000000);
  const low = (length * 8) | 0;
  for (let i = 0; i < 4; i++) {
    BLOCK[56 + i] = (high >>> (24 - 8 * i)) & 0xff;
    BLOCK[60 + i] = (low >>> (24 - 8 * i)) & 0xff;
  }
  compress(STATE, BLOCK, 0);
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const word = STATE[i]!;
    out[i * 4] = word >>> 24;
    out[i * 4 + 1] = (word >>> 16) & 0xff;
    out[i * 4 + 2] = (word >>> 8) & 0xff;
    out[i * 4 + 3] = word & 0xff;
  }
  return out;
}

/** HMAC-SHA-256 (RFC 2104); keys here are at most 32 bytes, shorter than the 64-byte block. */
export function hmacSha256(key: Uint8Array, ...data: readonly Uint8Array[]): Uint8Array {
  const short = key.length > 64 ? sha256(key) : key;
  const inner = new Uint8Array(64);
  const outer = new Uint8Array(64);
  for (let i = 0; i < 64; i++) {
    const byte = i < short.length ? short[i]! : 0;
    inner[i] = byte ^ 0x36;
    outer[i] = byte ^ 0x5c;
  }
  return sha256(outer, sha256(inner, ...data));
}

const ONE = new Uint8Array([1]);

/** RFC 5869 HKDF-SHA-256 extract, and one block of expand (every key here is at most 32 bytes). */
export const hkdfExtract = (salt: Uint8Array, ikm: Uint8Array): Uint8Array => hmacSha256(salt, ikm);
export const hkdfExpand = (prk: Uint8Array, info: Uint8Array, length: number): Uint8Array =>
  hmacSha256(prk, info, ONE).subarray(0, length);
