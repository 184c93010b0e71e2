import type { DeliveryStore } from '../db/store.ts';

/**
 * The deliveries this instance holds (claimed, outcome not yet written), renewed every `renewMs` while
 * sending so a long send keeps them. One the database no longer gives back was taken over after its lease
 * ran out (this instance stalled): it is dropped here, and whichever outcome is written first counts.
 */
export class LeaseKeeper {
  private readonly held = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;

  constructor(
    private readonly deliveries: DeliveryStore,
    private readonly instanceId: string,
    private readonly leaseMs: number,
    private readonly renewMs: number,
  ) {}

  get size(): number {
    return this.held.size;
  }

  hold(ids: Iterable<number>): void {
    for (const id of ids) this.held.add(id);
    this.timer ??= setInterval(() => void this.renew(), this.renewMs).unref();
  }

  /** The outcomes of these are written: nothing left to keep. */
  done(ids: Iterable<number>): void {
    for (const id of ids) this.held.delete(id);
    if (this.held.size === 0) this.stopTimer();
  }

  /** Extends every lease still held (one query); runs one at a time. */
  renew(): Promise<void> {
    this.renewing ??= this.renewOnce().finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  /** Gives back what is held without an outcome (a graceful stop), so other instances take it at once. */
  async releaseAll(): Promise<void> {
    this.stopTimer();
    await this.renewing;
    const ids = [...this.held];
    this.held.clear();
    if (ids.length > 0) await this.deliveries.release(this.instanceId, ids);
  }

  private async renewOnce(): Promise<void> {
    const ids = [...this.held];
    if (ids.length === 0) return;
    try {
      const kept = new Set(await this.deliveries.renew(this.instanceId, ids, this.leaseMs));
      for (const id of ids) if (!kept.has(id)) this.held.delete(id);
    } catch (error) {
      // The next renewal tries again; the leases are long enough to miss one or two.
      console.error(`fan-out: could not renew ${ids.length} leases (will retry):`, error);
    }
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
