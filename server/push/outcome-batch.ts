import type { Db } from '../db/client.ts';
import { writeOutcomes, type RecordedOutcome } from '../db/delivery-store.ts';

/**
 * Buffers outcomes and writes them in one transaction when `size` have gathered or `intervalMs` has
 * passed, so an answer is on disk soon after it arrives (the crash window stays small) and progress
 * stays visible while a slow push service holds up the rest.
 */
export class OutcomeBatch {
  private buffer: RecordedOutcome[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly messageId: number,
    private readonly size: number,
    private readonly intervalMs: number,
  ) {}

  /** Never throws: a failed write keeps the outcomes for the next flush (the caller is the send loop). */
  add(outcome: RecordedOutcome): void {
    this.buffer.push(outcome);
    if (this.buffer.length >= this.size) this.flushQuietly();
    else this.timer ??= setTimeout(() => this.flushQuietly(), this.intervalMs).unref();
  }

  /** Writes what is buffered; on failure keeps it for the next flush and rethrows. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    try {
      writeOutcomes(this.db, this.messageId, batch, new Date());
    } catch (error) {
      this.buffer = batch.concat(this.buffer);
      throw error;
    }
  }

  private flushQuietly(): void {
    try {
      this.flush();
    } catch (error) {
      console.error(`fan-out: could not record outcomes of message ${this.messageId} (will retry):`, error);
      this.timer ??= setTimeout(() => this.flushQuietly(), this.intervalMs).unref();
    }
  }
}
