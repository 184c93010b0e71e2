// Payload padding (RFC 8188 §2: the delimiter then zeros; draft-04 aesgcm: a 2-byte length then zeros), so a
// body's length does not tell an observer how long the message is. Off unless asked for.
import { WebPushValidationError } from './errors.ts';
import { MAX_PLAINTEXT_BYTES } from './record-limits.ts';
import type { ContentEncoding } from './types.ts';

/**
 * `to: n` pads every message to n bytes of plaintext (longer data is refused); `to: 'bucket'` pads up to the
 * next of PADDING_BUCKETS, the last bucket being the most the encoding carries (3993 bytes for aes128gcm).
 */
export interface PaddingOption {
  to: 'bucket' | number;
}

/** Plaintext sizes a bucketed message is padded up to, before the encoding's maximum. */
export const PADDING_BUCKETS: readonly number[] = [128, 512, 1024, 2048];

/** How many bytes of padding a message of `length` bytes gets; 0 without the option. */
export function paddingBytes(
  length: number,
  option: PaddingOption | undefined,
  contentEncoding: ContentEncoding,
): number {
  if (option === undefined) return 0;
  const max = MAX_PLAINTEXT_BYTES[contentEncoding];
  const target = targetSize(option, length, max);
  if (length > target)
    throw new WebPushValidationError('data', `is ${length} bytes, longer than padding.to (${target})`);
  return target - length;
}

function targetSize(option: PaddingOption, length: number, max: number): number {
  if (!option || typeof option !== 'object')
    throw new WebPushValidationError('padding', "must be { to: 'bucket' } or { to: <bytes> }");
  const { to } = option;
  if (to === 'bucket') return PADDING_BUCKETS.find((size) => size >= length) ?? max;
  if (typeof to !== 'number' || !Number.isInteger(to) || to < 1 || to > max) {
    throw new WebPushValidationError(
      'padding.to',
      `must be 'bucket' or a whole number of bytes from 1 to ${max}`,
    );
  }
  return to;
}

const LAST = new Uint8Array([2]);
const NONE = new Uint8Array(2);

/** What follows an aes128gcm plaintext: the last-record delimiter, then the padding's zeros. */
export function aes128gcmTail(padding: number | undefined): Uint8Array {
  if (!padding) return LAST;
  const tail = new Uint8Array(1 + padding);
  tail[0] = 2;
  return tail;
}

/** What precedes an aesgcm plaintext: the padding's length (2 bytes, big-endian), then its zeros. */
export function aesgcmPrefix(padding: number | undefined): Uint8Array {
  if (!padding) return NONE;
  const prefix = new Uint8Array(2 + padding);
  prefix[0] = padding >> 8;
  prefix[1] = padding & 0xff;
  return prefix;
}
