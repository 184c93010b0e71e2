// When sendMany's 'auto' starts encrypt worker threads (EncryptPool), in one place: sendMany reads it for an
// array, and an app that feeds sendMany a stream of known size (a server's fan-out) reads it too. Node entry only.
import { availableParallelism } from 'node:os';

/** Below this many encrypted pushes, a worker thread's start-up costs more than the ECDH work it takes over. */
export const MIN_PUSHES_FOR_WORKER = 1000;

/**
 * Encrypt worker threads for a fan-out of `pushes` encrypted pushes under `workers: 'auto'`: one from
 * MIN_PUSHES_FOR_WORKER on a machine with a second core, else none (encrypt inline). None on Bun: its worker
 * threads are not what EncryptPool was measured on, so there they run only when asked for by number.
 */
export function autoWorkerCount(pushes: number): number {
  if (typeof (globalThis as { Bun?: unknown }).Bun !== 'undefined') return 0;
  return pushes >= MIN_PUSHES_FOR_WORKER && availableParallelism() > 1 ? 1 : 0;
}
