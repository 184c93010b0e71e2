// When sendMany's 'auto' starts encrypt worker threads (EncryptPool), in one place: sendMany reads it for an
// array, and an app that feeds sendMany a stream of known size (a server's fan-out) reads it too. Node entry only.
import { availableParallelism } from 'node:os';

/** Below this many encrypted pushes, a worker thread's start-up costs more than the ECDH work it takes over. */
export const MIN_PUSHES_FOR_WORKER = 1000;

/**
 * Encrypt worker threads for a fan-out of `pushes` encrypted pushes under `workers: 'auto'`: one from
 * MIN_PUSHES_FOR_WORKER on a machine with a second core, else none (encrypt inline). Bun too: there one thread
 * measured 7,564-8,341 msg/s at 133-156 us of CPU a push against 6,400-7,393 at ~180 us inline (Bun 1.4.5, 6,000
 * pushes at concurrency 64 to a local sink, 2 cores).
 */
export function autoWorkerCount(pushes: number): number {
  return pushes >= MIN_PUSHES_FOR_WORKER && availableParallelism() > 1 ? 1 : 0;
}
