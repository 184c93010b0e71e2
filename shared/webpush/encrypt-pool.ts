import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReceiverKeys } from './encrypt.ts';
import {
  ARENA_SLOT_BYTES,
  readArena,
  type ArenaResult,
  type EncryptExtra,
  type EncryptJobResult,
} from './encrypt-batch.ts';
import type { ContentEncoding } from './types.ts';

export interface EncryptJob {
  id: number;
  data: Uint8Array;
  contentEncoding: ContentEncoding;
  keys: ReceiverKeys[];
  /** Where the worker writes the bodies, one ARENA_SLOT_BYTES slot per key. */
  arena: SharedArrayBuffer;
  /** Padding, and per-key data (sendMany's items), when there are any. */
  extra?: EncryptExtra;
}

export type { EncryptJobResult };

/** A thread of the pool died (out of memory, a crash) with this batch on it: it was not encrypted. */
export class WorkerStopped extends Error {
  constructor(exitCode: number, cause?: Error) {
    const why = cause ? `exit code ${exitCode}: ${cause.message}` : `exit code ${exitCode}`;
    super(`an encrypt worker thread stopped (${why}) before it answered; its batch was not encrypted`);
    this.name = 'WorkerStopped';
  }
}

interface PendingJob {
  worker: Worker;
  resolve: (results: ArenaResult[]) => void;
  reject: (error: Error) => void;
}

export interface EncryptedJob {
  /** The bodies are views of the job's arena: done with all of them, call `release`. */
  results: EncryptJobResult[];
  /** Hands the arena back for another job. */
  release: () => void;
}

/**
 * Worker threads that encrypt batches of pushes. ECDH is most of a push's CPU; running it beside the event loop
 * that does HTTP lets a fan-out use a second core. The threads start in the background: `ready` says when
 * they can take work (the caller encrypts inline until then, see sendMany).
 *
 * Bodies come back through shared memory, not as a buffer each: a worker writes them into an arena (one
 * SharedArrayBuffer per job in flight, reused once the caller calls `release`), and the caller sends views of
 * it. With the crypto off the event loop, the main thread allocates so little that its young generation is
 * collected only every few seconds, and ~3 KB of dead body a push piled up in between: ~45 MB at the peak of
 * a large fan-out. The arenas stay at (jobs in flight) x (batch size) x 4 KB.
 */
export class EncryptPool {
  private workers: Worker[] = [];
  private readonly starting: Promise<void>;
  private readonly pending = new Map<number, PendingJob>();
  /** Threads that have loaded their code (a replacement counts once it has). */
  private readonly started = new Set<Worker>();
  private readonly freeArenas: SharedArrayBuffer[] = [];
  private nextId = 0;
  private nextWorker = 0;
  private closed = false;

  constructor(readonly size: number) {
    this.starting = workerBundle().then((source) => {
      if (!this.closed) this.workers = Array.from({ length: size }, () => this.startWorker(source));
    });
    // A failed start surfaces through encrypt(); a caller that only checks `ready` keeps encrypting inline.
    this.starting.catch(() => undefined);
  }

  /** Every worker has loaded its code. */
  get ready(): boolean {
    return this.workers.length > 0 && this.started.size === this.workers.length;
  }

  async encrypt(
    data: Uint8Array,
    contentEncoding: ContentEncoding,
    keys: ReceiverKeys[],
    extra?: EncryptExtra,
  ): Promise<EncryptedJob> {
    await this.starting;
    if (this.closed) throw new Error('EncryptPool is closed');
    const id = this.nextId++;
    const worker = this.workers[this.nextWorker++ % this.workers.length]!;
    const arena = this.takeArena(keys.length * ARENA_SLOT_BYTES);
    const results = await new Promise<ArenaResult[]>((resolve, reject) => {
      if (this.pending.size === 0) for (const w of this.workers) w.ref();
      this.pending.set(id, { worker, resolve, reject });
      worker.postMessage({ id, data, contentEncoding, keys, arena, extra } satisfies EncryptJob);
    });
    return { results: readArena(results, arena), release: () => this.freeArenas.push(arena) };
  }

  /** A free arena big enough (jobs in flight are few, so the list stays short), or a new one. */
  private takeArena(bytes: number): SharedArrayBuffer {
    const index = this.freeArenas.findIndex((arena) => arena.byteLength >= bytes);
    if (index >= 0) return this.freeArenas.splice(index, 1)[0]!;
    return new SharedArrayBuffer(bytes);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.starting.catch(() => undefined);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private startWorker(source: string): Worker {
    // A small young generation: the worker's garbage is a few buffers a push; V8's default reserves ~10 MB more.
    const worker = new Worker(source, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    // An idle pool (a server keeps one between messages) must not keep the process alive; a job refs it.
    worker.unref();
    worker.on('message', (message: { ready: true } | { id: number; results: ArenaResult[] }) => {
      if ('ready' in message) {
        this.started.add(worker);
        return;
      }
      this.pending.get(message.id)?.resolve(message.results);
      this.settle(message.id);
    });
    // Without this a job on a thread that died would wait forever, and the fan-out with it. ('error' comes
    // before 'exit'; listening to it keeps an uncaught error in the thread from ending the process.)
    let failure: Error | undefined;
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => this.replace(worker, new WorkerStopped(code, failure), source));
    return worker;
  }

  private settle(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) for (const w of this.workers) w.unref();
  }

  /**
   * A thread ended: its jobs fail with WorkerStopped and a new thread takes its place, if the dead one had started
   * (one that could not even load its code would fail again, in a loop) and the pool is not closed. Without its
   * place taken the pool stays not `ready`, and sendMany encrypts on the event loop.
   */
  private replace(dead: Worker, stopped: WorkerStopped, source: string): void {
    const hadStarted = this.started.delete(dead);
    for (const [id, job] of this.pending) {
      if (job.worker !== dead) continue;
      job.reject(stopped);
      this.settle(id);
    }
    if (this.closed || !hadStarted) return;
    const replacement = this.startWorker(source);
    if (this.pending.size > 0) replacement.ref();
    this.workers = this.workers.map((worker) => (worker === dead ? replacement : worker));
  }
}

let workerSource: Promise<string> | undefined;

/**
 * The worker's code as one plain JavaScript bundle. The published package ships it (dist/encrypt-worker.cjs,
 * built with the package); in a checkout of the sources, esbuild builds it once per process (~90 ms, off the
 * event loop). A worker that loaded the TypeScript through tsx would start a loader thread of its own: ~0.3 s
 * of CPU at every start and ~30 MB more memory.
 */
function workerBundle(): Promise<string> {
  workerSource ??= (async () => {
    const built = new URL('./encrypt-worker.cjs', import.meta.url);
    if (existsSync(built)) return readFile(built, 'utf8');
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./encrypt-worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  })();
  return workerSource;
}
