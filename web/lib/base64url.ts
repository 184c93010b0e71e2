/**
 * Decodes base64url (RFC 4648 section 5, padding optional) into bytes, e.g. the VAPID public key for
 * `applicationServerKey`. Throws on characters outside the alphabet instead of silently dropping them.
 */
export function base64UrlToBytes(input: string): Uint8Array<ArrayBuffer> {
  const trimmed = input.replace(/=+$/, '');
  if (!/^[A-Za-z0-9_-]*$/.test(trimmed)) throw new Error('not base64url: only A-Z a-z 0-9 - _ are allowed');
  if (trimmed.length % 4 === 1) throw new Error('not base64url: impossible length');
  const base64 = trimmed.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Encodes bytes as unpadded base64url. */
export function bytesToBase64Url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** True when two keys hold the same bytes (used to see whether a subscription uses the current VAPID key). */
export function sameBytes(a: ArrayBuffer | Uint8Array, b: ArrayBuffer | Uint8Array): boolean {
  const x = a instanceof Uint8Array ? a : new Uint8Array(a);
  const y = b instanceof Uint8Array ? b : new Uint8Array(b);
  return x.length === y.length && x.every((byte, i) => byte === y[i]);
}
