/**
 * Starts scheduled messages at their time. The schedule lives in the database (status 'scheduled', send_at),
 * so it survives restarts: a server that was down at a message's time starts it when it comes back. The claim
 * is one statement that moves the message from 'scheduled' to 'queued' (and writes its deliveries in the same
 * transaction), and only the caller whose statement changed the row sends it; on Postgres several instances
 * may race for the same row and exactly one of them wins, the row lock serializing the UPDATEs.
 *
 * Timing comes from the database's condition (send_at <= now), not from the timer: a timer that fires early
 * claims nothing and is set again for the rest. A timer never waits longer than `pollMs`, which also notices
 * schedules another instance created.
 */
export interface SchedulerOptions {
  /** Claims every scheduled message due at `now` (send_at <= now); returns the ids this call claimed. */
  claimDue: (now: Date) => Promise<number[]>;
  /** The earliest send time still scheduled, or null. */
  nextSendAt: () => Promise<Date | null>;
  /** Hands a claimed message to the fan-out. */
  start: (messageId: number) => void;
  now?: () => Date;
  /** Longest wait between looks at the schedule (default 30 s). */
  pollMs?: number;
}

export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The look in progress; a wake() during it looks again right after, never two at once. */
  private ticking: Promise<number[]> | undefined;
  private again = false;
  private readonly now: () => Date;
  private readonly pollMs: number;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? (() => new Date());
    this.pollMs = options.pollMs ?? 30_000;
  }

  /** Starts what is due (a server down at its time sends it now), then waits for the next. Returns those ids. */
  start(): Promise<number[]> {
    this.stopped = false;
    return this.look();
  }

  /** Looks at the schedule again now (call after scheduling or cancelling a message). */
  wake(): void {
    if (!this.stopped) void this.look();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private look(): Promise<number[]> {
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    this.ticking = this.tick().finally(() => {
      this.ticking = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.look();
      }
    });
    return this.ticking;
  }

  private async tick(): Promise<number[]> {
    clearTimeout(this.timer);
    this.timer = undefined;
    let claimed: number[] = [];
    try {
      claimed = await this.options.claimDue(this.now());
      for (const id of claimed) this.options.start(id);
    } catch (error) {
      console.error('scheduler: could not start the messages due (will try again):', error);
    }
    const delay = await this.delay();
    if (!this.stopped) this.timer = setTimeout(() => void this.look(), delay).unref();
    return claimed;
  }

  private async delay(): Promise<number> {
    let next: Date | null = null;
    try {
      next = await this.options.nextSendAt();
    } catch (error) {
      console.error('scheduler: could not read the schedule:', error);
    }
    if (!next) return this.pollMs;
    return Math.min(this.pollMs, Math.max(0, next.getTime() - this.now().getTime()));
  }
}
