import { encrypt, type ReceiverKeys } from './encrypt.ts';
import type { ContentEncoding } from './types.ts';

export type EncryptJobResult =
  { body: Uint8Array; headers: Record<string, string> } | { error: { field: string; message: string } };

/**
 * Encrypts one payload for a batch of receivers; a key that fails becomes an error entry, not a throw. The
 * worker threads run this, and so does the event loop while they start. Each body gets its own ArrayBuffer,
 * listed in `transfer`, so a worker can hand it over without a copy.
 */
export function encryptBatch(
  data: Uint8Array,
  contentEncoding: ContentEncoding,
  keys: readonly ReceiverKeys[],
  transfer: ArrayBuffer[] = [],
): EncryptJobResult[] {
  return keys.map((receiver) => {
    try {
      const out = encrypt(data, receiver, { contentEncoding });
      const body = new Uint8Array(out.body);
      transfer.push(body.buffer);
      return { body, headers: out.headers };
    } catch (error) {
      return {
        error: { field: (error as { field?: string }).field ?? 'data', message: (error as Error).message },
      };
    }
  });
}
