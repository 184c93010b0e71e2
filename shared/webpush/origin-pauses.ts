// Per-push-service backoff for a fan-out: a 429 or 503 with Retry-After from one push-service origin pauses
// that origin only (in this process); pushes to other origins keep flowing. Lanes that pull a push for a paused
// origin park it and take another, so a pause never holds up a lane that has other work.
import { WebPushError } from './errors.ts';

/** Pushes parked at once, at most: past it, a lane waits out the pause itself (memory stays bounded). */
export const MAX_PARKED = 4096;

const PAUSING = new Set([429, 503]);

export class OriginPauses<T> {
  private readonly until = new Map<string, { at: number; error: WebPushError }>();
  private readonly ready: T[] = [];
  private readonly waiting: Array<() => void> = [];
  private parkedCount = 0;

  constructor(private readonly enabled = true) {}

  /** Nothing is paused: the hot path checks this and computes no origin. */
  get idle(): boolean {
    return this.until.size === 0 && this.parkedCount === 0;
  }

  get parked(): number {
    return this.parkedCount;
  }

  /** Records the pause a 429/503 with Retry-After asks for; answers the origin it paused, if any. */
  noteFailure(error: unknown): void {
    if (
      !this.enabled ||
      !(error instanceof WebPushError) ||
      !PAUSING.has(error.status) ||
      error.retryAfter === undefined
    )
      return;
    const origin = originOf(error.endpoint);
    if (!origin) return;
    const at = Date.now() + error.retryAfter * 1000;
    if ((this.until.get(origin)?.at ?? 0) < at) this.until.set(origin, { at, error });
  }

  /** Milliseconds left on the origin's pause (0 when it is not paused), and the reply that paused it. */
  pauseOf(endpoint: string): { wait: number; error?: WebPushError } {
    if (this.until.size === 0) return { wait: 0 };
    const origin = originOf(endpoint);
    const pause = origin === undefined ? undefined : this.until.get(origin);
    if (!pause) return { wait: 0 };
    const wait = pause.at - Date.now();
    if (wait > 0) return { wait, error: pause.error };
    this.until.delete(origin!);
    return { wait: 0 };
  }

  /** Sets a push aside until its origin's pause ends; false when too many are parked already. */
  park(item: T, wait: number): boolean {
    if (this.parkedCount >= MAX_PARKED) return false;
    this.parkedCount++;
    setTimeout(() => {
      this.parkedCount--;
      this.ready.push(item);
      // Every waiting lane looks: one takes the push, and when none is parked any more the rest end.
      for (const wake of this.waiting.splice(0)) wake();
    }, wait);
    return true;
  }

  /** A parked push whose pause is over, if any. */
  takeReady(): T | undefined {
    return this.ready.shift();
  }

  /** Resolves when a parked push becomes ready (a lane whose source ran dry waits here while any are parked). */
  whenReady(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

function originOf(endpoint: string): string | undefined {
  try {
    return new URL(endpoint).origin;
  } catch {
    return undefined;
  }
}
