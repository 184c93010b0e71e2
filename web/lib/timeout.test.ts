import { afterEach, describe, expect, it, vi } from 'vitest';
import { TimeoutError, withTimeout } from './timeout.ts';

describe('withTimeout', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes a settled value through', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, 'slow')).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('no')), 1000, 'slow')).rejects.toThrow('no');
  });

  it('rejects with a TimeoutError when the promise never settles', async () => {
    vi.useFakeTimers();
    const pending = withTimeout(new Promise<never>(() => {}), 15_000, 'push service did not answer');
    const assertion = expect(pending).rejects.toBeInstanceOf(TimeoutError);
    await vi.advanceTimersByTimeAsync(15_000);
    await assertion;
    await expect(pending).rejects.toThrow('push service did not answer');
  });
});
