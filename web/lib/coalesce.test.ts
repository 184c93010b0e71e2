import { describe, expect, it, vi } from 'vitest';
import { coalesce } from './coalesce.ts';

/** A task whose runs finish only when the test says so. */
function gatedTask() {
  const releases: (() => void)[] = [];
  const task = vi.fn(() => new Promise<void>((resolve) => releases.push(resolve)));
  return { task, release: () => releases.shift()?.() };
}

describe('coalesce', () => {
  it('runs once when called alone', async () => {
    const { task, release } = gatedTask();
    const run = coalesce(task);
    const done = run();
    release();
    await done;
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('collapses calls during a run into exactly one more run, after it', async () => {
    const { task, release } = gatedTask();
    const run = coalesce(task);
    const first = run();
    const second = run();
    const third = run();
    expect(task).toHaveBeenCalledTimes(1); // never two at once
    release();
    await vi.waitFor(() => expect(task).toHaveBeenCalledTimes(2));
    release();
    await Promise.all([first, second, third]);
    expect(task).toHaveBeenCalledTimes(2);
    // Idle again: the next call starts a new run.
    const fourth = run();
    expect(task).toHaveBeenCalledTimes(3);
    release();
    await fourth;
  });

  it('keeps going after a failed run', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const task = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(undefined);
    const run = coalesce(task);
    await run();
    await run();
    expect(task).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledWith('refresh failed', new Error('offline'));
    warn.mockRestore();
  });
});
