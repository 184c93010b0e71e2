import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseInstant } from '../validation/schedule.ts';
import { Scheduler } from './scheduler.ts';

/** A schedule as the store keeps it: a claim changes a row once, whoever asks again gets nothing. */
function fakeSchedule(times: Record<number, string>) {
  const scheduled = new Map(Object.entries(times).map(([id, at]) => [Number(id), parseInstant(at)!]));
  return {
    claimDue: async (now: Date) => {
      const due = [...scheduled].filter(([, at]) => at.getTime() <= now.getTime()).map(([id]) => id);
      for (const id of due) scheduled.delete(id);
      return due;
    },
    nextSendAt: async () => {
      const times = [...scheduled.values()].map((at) => at.getTime());
      return times.length ? new Date(Math.min(...times)) : null;
    },
    cancel: (id: number) => scheduled.delete(id),
  };
}

describe('Scheduler', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-12-01T08:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('starts a message at its time and not a millisecond before, whatever offset named the time', async () => {
    // 09:00:05 in Paris is 08:00:05 UTC.
    const schedule = fakeSchedule({ 1: '2026-12-01T09:00:05+01:00', 2: '2026-12-01T03:00:07-05:00' });
    const started: [number, string][] = [];
    const scheduler = new Scheduler({
      ...schedule,
      start: (id) => started.push([id, new Date().toISOString()]),
    });
    expect(await scheduler.start()).toEqual([]);
    await vi.advanceTimersByTimeAsync(4999);
    expect(started).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual([[1, '2026-12-01T08:00:05.000Z']]);
    await vi.advanceTimersByTimeAsync(1999);
    expect(started).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual([
      [1, '2026-12-01T08:00:05.000Z'],
      [2, '2026-12-01T08:00:07.000Z'],
    ]);
    scheduler.stop();
  });

  it('starts what fell due while the server was down as soon as it starts, once', async () => {
    const schedule = fakeSchedule({ 1: '2026-12-01T07:00:00Z', 2: '2026-12-01T07:59:59.999Z' });
    const started: number[] = [];
    const scheduler = new Scheduler({ ...schedule, start: (id) => started.push(id) });
    expect(await scheduler.start()).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(60_000);
    scheduler.wake();
    expect(started).toEqual([1, 2]);
    scheduler.stop();
  });

  it('claims nothing when a timer fires early: the time comes from the schedule, not the timer', async () => {
    const schedule = fakeSchedule({ 1: '2026-12-01T08:00:05Z' });
    const started: number[] = [];
    let skew = 0;
    const scheduler = new Scheduler({
      ...schedule,
      now: () => new Date(Date.now() + skew),
      start: (id) => started.push(id),
    });
    await scheduler.start(); // the timer is set for 5000 ms
    skew = -2; // from now on the clock the claim reads runs 2 ms behind the timers: they fire "early"
    await vi.advanceTimersByTimeAsync(5000);
    expect(started).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual([1]);
    scheduler.stop();
  });

  it('looks again at least every pollMs (schedules made by another instance), and after wake()', async () => {
    const schedule = fakeSchedule({});
    let looks = 0;
    const scheduler = new Scheduler({
      claimDue: (now) => (looks++, schedule.claimDue(now)),
      nextSendAt: schedule.nextSendAt,
      start: () => undefined,
      pollMs: 1000,
    });
    await scheduler.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(looks).toBe(4);
    scheduler.wake();
    await vi.advanceTimersByTimeAsync(0); // the look wake() started
    expect(looks).toBe(5);
    scheduler.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(looks).toBe(5);
  });

  it('does not start a message cancelled before its time', async () => {
    const schedule = fakeSchedule({ 1: '2026-12-01T08:00:05Z' });
    const started: number[] = [];
    const scheduler = new Scheduler({ ...schedule, start: (id) => started.push(id) });
    await scheduler.start();
    schedule.cancel(1);
    scheduler.wake();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(started).toEqual([]);
    scheduler.stop();
  });
});
