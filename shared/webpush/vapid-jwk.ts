// VAPID private keys as JWK ({ kty: 'EC', crv: 'P-256', d, x, y }), as an object or as JSON text: reduced to the
// 32-byte scalar both crypto back ends import, with x and y (when given) checked against it afterwards.
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { concatBytes } from './bytes.ts';
import { WebPushValidationError } from './errors.ts';
import { KEY_FIELD } from './key-der.ts';

/** An EC P-256 private key in JWK form (RFC 7518 §6.2): `d` the scalar, `x` and `y` the public point. */
export interface VapidJwk {
  kty: 'EC';
  crv: 'P-256';
  d: string;
  x?: string;
  y?: string;
  [member: string]: unknown;
}

/** A JWK object (it has `kty`), or text that is a JSON object. */
export function isJwkInput(input: unknown): boolean {
  if (typeof input === 'string') return input.trimStart().startsWith('{');
  return typeof input === 'object' && input !== null && 'kty' in input;
}

export interface ParsedJwk {
  scalar: Uint8Array;
  /** base64url of the uncompressed point x and y make, when both are given. */
  publicKey?: string;
}

export function parseJwk(input: unknown): ParsedJwk {
  const jwk = typeof input === 'string' ? jsonOf(input) : (input as Record<string, unknown>);
  if (jwk.kty !== 'EC') throw field('kty', `must be "EC", got ${JSON.stringify(jwk.kty)}`);
  if (jwk.crv !== 'P-256') throw field('crv', `must be "P-256", got ${JSON.stringify(jwk.crv)}`);
  if (jwk.d === undefined) throw field('d', 'is required: a private JWK holds its scalar in d');
  const scalar = coordinate(jwk.d, 'd');
  if ((jwk.x === undefined) !== (jwk.y === undefined))
    throw field(jwk.x === undefined ? 'x' : 'y', 'is missing');
  if (jwk.x === undefined) return { scalar };
  const point = concatBytes(new Uint8Array([4]), coordinate(jwk.x, 'x'), coordinate(jwk.y, 'y'));
  return { scalar, publicKey: toBase64Url(point) };
}

/** x and y must be the public point of d: a JWK whose halves do not match is refused, not half used. */
export function checkJwkPoint(parsed: ParsedJwk, publicKey: string): void {
  if (parsed.publicKey !== undefined && parsed.publicKey !== publicKey)
    throw field('x', 'x and y are not the public key of d');
}

function coordinate(value: unknown, name: string): Uint8Array {
  if (typeof value !== 'string') throw field(name, 'must be a base64url string');
  const bytes = fromBase64Url(value, `${KEY_FIELD}.${name}`);
  if (bytes.length !== 32) throw field(name, `must decode to 32 bytes (got ${bytes.length})`);
  return bytes;
}

function jsonOf(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new WebPushValidationError(KEY_FIELD, `JWK text is not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new WebPushValidationError(KEY_FIELD, 'JWK text must be a JSON object');
  return value as Record<string, unknown>;
}

function field(name: string, rule: string): WebPushValidationError {
  return new WebPushValidationError(`${KEY_FIELD}.${name}`, rule);
}
