import { WebPushError } from './errors.ts';

export interface RetryPolicy {
  /** Attempts after the first (default 3). */
  retries?: number;
  /** First backoff in ms, doubled each time, with full jitter (default 500). */
  retryBaseMs?: number;
  /** Cap on any one wait, Retry-After included (default 30 000): a longer Retry-After fails the push instead. */
  retryMaxMs?: number;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/** Rate limits, server errors, timeouts and network errors are worth another try; other 4xx never are. */
export function isRetryable(error: unknown): error is WebPushError {
  if (!(error instanceof WebPushError)) return false;
  return error.status === 0 || RETRYABLE_STATUS.has(error.status);
}

/**
 * How long to wait before attempt `attempt + 1`, or undefined to give up: Retry-After when the push service
 * sent one, else capped exponential backoff with full jitter.
 */
export function retryDelay(
  error: WebPushError,
  attempt: number,
  policy: RetryPolicy,
  random = Math.random,
): number | undefined {
  const retries = policy.retries ?? 3;
  const max = policy.retryMaxMs ?? 30_000;
  if (attempt > retries) return undefined;
  const retryAfter = error.retryAfter;
  if (retryAfter !== undefined) {
    const wait = retryAfter * 1000;
    return wait <= max ? wait : undefined;
  }
  const ceiling = Math.min(max, (policy.retryBaseMs ?? 500) * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}
