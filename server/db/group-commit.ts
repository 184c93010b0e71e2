import type { Db } from './client.ts';
import { reusableTransaction } from './prepared.ts';

interface PendingWrite {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit: small write transactions that arrive together (concurrent requests) run in one SQLite
 * transaction at the end of the event-loop turn. A commit (the WAL write) costs more than a subscribe's own
 * writes; shared by a batch it is paid once (`npm run bench:load` measures subscribes per second with it).
 * Each write runs in its own savepoint, so one that throws is rolled back alone and only its caller sees
 * the error. Callers are answered after the commit, never before: a resolved write is stored.
 */
export class GroupCommit {
  private pending: PendingWrite[] = [];
  private readonly commitBatch: (batch: PendingWrite[]) => Outcome[];

  constructor(
    db: Db,
    /** A batch is flushed at once when it reaches this many writes. */
    private readonly maxBatch = 256,
  ) {
    // A transaction run inside another is a savepoint: a failing write leaves the rest of the batch intact.
    const savepoint = reusableTransaction(db, (work: () => unknown) => work());
    this.commitBatch = reusableTransaction(db, (batch: PendingWrite[]) =>
      batch.map(({ work }): Outcome => {
        try {
          return { ok: true, value: savepoint(work) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  /** Runs `work` (synchronous database code) inside the next shared transaction. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const count = this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (count === 1) setImmediate(() => this.flush());
      else if (count >= this.maxBatch) this.flush();
    });
  }

  private flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.commitBatch(batch);
    } catch (error) {
      // The commit itself failed (e.g. the database stayed locked past busy_timeout): nothing was stored.
      for (const write of batch) write.reject(error);
      return;
    }
    batch.forEach((write, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) write.resolve(outcome.value);
      else write.reject(outcome.error);
    });
  }
}
