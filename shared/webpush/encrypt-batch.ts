import { encrypt, MAX_BODY_BYTES, type ReceiverKeys } from './encrypt.ts';
import { WebPushValidationError } from './errors.ts';
import type { PaddingOption } from './padding.ts';
import type { ContentEncoding } from './types.ts';

/**
 * Why one receiver's key could not be used: a WebPushValidationError's field and rule (the class does not cross
 * from a worker thread, these two do).
 */
type EncryptError = { field: string; rule: string };

export type EncryptJobResult =
  { body: Uint8Array; headers: Record<string, string> } | { error: EncryptError };

/** What a worker posts back for one receiver: its body sits in the job's arena, at its index. */
export type ArenaResult = { length: number; headers: Record<string, string> } | { error: EncryptError };

/** What a batch may set beyond its shared data: padding, and for each key its own data/encoding/padding. */
export interface EncryptExtra {
  padding?: PaddingOption;
  /** Per key (same index); an undefined entry takes the shared data, encoding and padding. */
  each?: (EncryptOverride | undefined)[];
}

export interface EncryptOverride {
  data?: Uint8Array;
  contentEncoding?: ContentEncoding;
  padding?: PaddingOption;
}

/** Each body of a job gets a slot this big in the arena: the most a push message can carry. */
export const ARENA_SLOT_BYTES = MAX_BODY_BYTES;

/**
 * Encrypts one payload for a batch of receivers; a key that fails becomes an error entry, not a throw. The
 * worker threads run this, and so does the event loop while they start.
 */
export function encryptBatch(
  data: Uint8Array,
  contentEncoding: ContentEncoding,
  keys: readonly ReceiverKeys[],
  extra: EncryptExtra = {},
): EncryptJobResult[] {
  const shared = { contentEncoding, padding: extra.padding };
  return keys.map((receiver, i) => {
    try {
      const own = extra.each?.[i];
      const out = own
        ? encrypt(own.data ?? data, receiver, { ...shared, ...own })
        : encrypt(data, receiver, shared);
      return { body: out.body, headers: out.headers };
    } catch (error) {
      return { error: encryptErrorOf(error) };
    }
  });
}

function encryptErrorOf(error: unknown): EncryptError {
  if (error instanceof WebPushValidationError) return { field: error.field, rule: error.rule };
  return { field: 'data', rule: (error as Error).message };
}

/** The worker's side: encryptBatch, with each body written into its slot of the shared arena. */
export function encryptIntoArena(
  data: Uint8Array,
  contentEncoding: ContentEncoding,
  keys: readonly ReceiverKeys[],
  arena: SharedArrayBuffer,
  extra?: EncryptExtra,
): ArenaResult[] {
  const slots = new Uint8Array(arena);
  return encryptBatch(data, contentEncoding, keys, extra).map((result, i) => {
    if ('error' in result) return result;
    slots.set(result.body, i * ARENA_SLOT_BYTES);
    return { length: result.body.length, headers: result.headers };
  });
}

/** The caller's side: each body as a view of its slot (valid until the arena is handed out again). */
export function readArena(results: readonly ArenaResult[], arena: SharedArrayBuffer): EncryptJobResult[] {
  return results.map((result, i) =>
    'error' in result
      ? result
      : { body: new Uint8Array(arena, i * ARENA_SLOT_BYTES, result.length), headers: result.headers },
  );
}
