import type { RecordedOutcome } from '../db/delivery-store.ts';
import type { DeliveryStore } from '../db/store.ts';

/**
 * Buffers outcomes and writes them in one transaction when `size` have gathered or `intervalMs` has
 * passed, so an answer is stored soon after it arrives (the crash window stays small) and progress stays
 * visible while a slow push service holds up the rest. One write at a time; `onWritten` hears each batch.
 */
export class OutcomeWriter {
  private buffer: RecordedOutcome[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deliveries: DeliveryStore,
    private readonly messageId: number,
    private readonly size: number,
    private readonly intervalMs: number,
    private readonly onWritten: (batch: readonly RecordedOutcome[]) => void = () => {},
  ) {}

  /** Never throws: a failed write keeps the outcomes for the next flush (the caller is the send loop). */
  add(outcome: RecordedOutcome): void {
    this.buffer.push(outcome);
    if (this.buffer.length >= this.size) void this.flushQuietly();
    else this.timer ??= setTimeout(() => void this.flushQuietly(), this.intervalMs).unref();
  }

  /** Writes everything added so far; rejects (keeping the outcomes) if the write fails. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.writing.then(async () => {
      if (this.buffer.length === 0) return;
      const batch = this.buffer;
      this.buffer = [];
      try {
        await this.deliveries.writeOutcomes(this.messageId, batch, new Date());
      } catch (error) {
        this.buffer = batch.concat(this.buffer);
        throw error;
      }
      this.onWritten(batch);
    });
    this.writing = next.catch(() => {});
    return next;
  }

  private async flushQuietly(): Promise<void> {
    try {
      await this.flush();
    } catch (error) {
      console.error(`fan-out: could not record outcomes of message ${this.messageId} (will retry):`, error);
      this.timer ??= setTimeout(() => void this.flushQuietly(), this.intervalMs).unref();
    }
  }
}
