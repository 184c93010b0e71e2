import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseInstant } from '../validation/schedule.ts';
import { Scheduler } from './scheduler.ts';

/** A schedule as the store keeps it: a claim changes a row once, whoever asks again gets nothing. */
function fakeSchedule(times: Record<number, string>) {
  const scheduled = new Map(Object.entries(times).map(([id, at]) => [Number(id), parseInstant(at)!]));
  return {
    claimDue: (now: Date) => {
      const due = [...scheduled].filter(([, at]) => at.getTime() <= now.getTime()).map(([id]) => id);
      for (const id of due) scheduled.delete(id);
      return due;
    },
    nextSendAt: () => {
      const times = [...scheduled.values()].map((at) => at.getTime());
      return times.length ? new Date(Math.min(...times)) : null;
    },
    cancel: (id: number) => scheduled.delete(id),
  };
}

describe('Scheduler', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-12-01T08:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('starts a message at its time and not a millisecond before, whatever offset named the time', () => {
    // 09:00:05 in Paris is 08:00:05 UTC.
    const schedule = fakeSchedule({ 1: '2026-12-01T09:00:05+01:00', 2: '2026-12-01T03:00:07-05:00' });
    const started: [number, string][] = [];
    const scheduler = new Scheduler({
      ...schedule,
      start: (id) => started.push([id, new Date().toISOString()]),
    });
    expect(scheduler.start()).toEqual([]);
    vi.advanceTimersByTime(4999);
    expect(started).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(started).toEqual([[1, '2026-12-01T08:00:05.000Z']]);
    vi.advanceTimersByTime(1999);
    expect(started).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(started).toEqual([
      [1, '2026-12-01T08:00:05.000Z'],
      [2, '2026-12-01T08:00:07.000Z'],
    ]);
    scheduler.stop();
  });

  it('starts what fell due while the server was down as soon as it starts, once', () => {
    const schedule = fakeSchedule({ 1: '2026-12-01T07:00:00Z', 2: '2026-12-01T07:59:59.999Z' });
    const started: number[] = [];
    const scheduler = new Scheduler({ ...schedule, start: (id) => started.push(id) });
    expect(scheduler.start()).toEqual([1, 2]);
    vi.advanceTimersByTime(60_000);
    scheduler.wake();
    expect(started).toEqual([1, 2]);
    scheduler.stop();
  });

  it('claims nothing when a timer fires early: the time comes from the schedule, not the timer', () => {
    const schedule = fakeSchedule({ 1: '2026-12-01T08:00:05Z' });
    const started: number[] = [];
    let skew = 0;
    const scheduler = new Scheduler({
      ...schedule,
      now: () => new Date(Date.now() + skew),
      start: (id) => started.push(id),
    });
    scheduler.start(); // the timer is set for 5000 ms
    skew = -2; // from now on the clock the claim reads runs 2 ms behind the timers: they fire "early"
    vi.advanceTimersByTime(5000);
    expect(started).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(started).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(started).toEqual([1]);
    scheduler.stop();
  });

  it('looks again at least every pollMs (schedules made by another instance), and after wake()', () => {
    const schedule = fakeSchedule({});
    let looks = 0;
    const scheduler = new Scheduler({
      claimDue: (now) => (looks++, schedule.claimDue(now)),
      nextSendAt: schedule.nextSendAt,
      start: () => undefined,
      pollMs: 1000,
    });
    scheduler.start();
    vi.advanceTimersByTime(3000);
    expect(looks).toBe(4);
    scheduler.wake();
    expect(looks).toBe(5);
    scheduler.stop();
    vi.advanceTimersByTime(5000);
    expect(looks).toBe(5);
  });

  it('does not start a message cancelled before its time', () => {
    const schedule = fakeSchedule({ 1: '2026-12-01T08:00:05Z' });
    const started: number[] = [];
    const scheduler = new Scheduler({ ...schedule, start: (id) => started.push(id) });
    scheduler.start();
    schedule.cancel(1);
    scheduler.wake();
    vi.advanceTimersByTime(10_000);
    expect(started).toEqual([]);
    scheduler.stop();
  });
});
