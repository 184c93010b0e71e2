import { Worker } from 'node:worker_threads';
import type { ReceiverKeys } from './encrypt.ts';
import type { EncryptJobResult } from './encrypt-batch.ts';
import type { ContentEncoding } from './types.ts';

export interface EncryptJob {
  id: number;
  data: Uint8Array;
  contentEncoding: ContentEncoding;
  keys: ReceiverKeys[];
}

export type { EncryptJobResult };

/**
 * Worker threads that encrypt batches of pushes. ECDH is most of a push's CPU; running it beside the event loop
 * that does HTTP lets a fan-out use a second core.
 */
export class EncryptPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, (results: EncryptJobResult[]) => void>();
  private nextId = 0;
  private nextWorker = 0;
  private started = 0;

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => {
      // A small young generation: the worker's garbage is a few buffers a push; V8's default reserves ~10 MB more.
      const worker = new Worker(new URL('./encrypt-worker.mjs', import.meta.url), {
        resourceLimits: { maxYoungGenerationSizeMb: 4 },
      });
      worker.on('message', (message: { ready: true } | { id: number; results: EncryptJobResult[] }) => {
        if ('ready' in message) {
          this.started++;
          return;
        }
        this.pending.get(message.id)?.(message.results);
        this.pending.delete(message.id);
      });
      return worker;
    });
  }

  /** Every worker has loaded its code (until then, a batch sent here waits for the slowest start). */
  get ready(): boolean {
    return this.started === this.workers.length;
  }

  encrypt(
    data: Uint8Array,
    contentEncoding: ContentEncoding,
    keys: ReceiverKeys[],
  ): Promise<EncryptJobResult[]> {
    const id = this.nextId++;
    const worker = this.workers[this.nextWorker++ % this.workers.length]!;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      worker.postMessage({ id, data, contentEncoding, keys } satisfies EncryptJob);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
