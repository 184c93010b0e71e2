import { describe, expect, it } from 'vitest';
import { chartFrame, timeTicks, valueTicks } from './chart-axes.ts';

describe('valueTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten and ends at or above the largest count', () => {
    expect(valueTicks(0)).toEqual([0, 1]);
    expect(valueTicks(1)).toEqual([0, 1]);
    expect(valueTicks(3)).toEqual([0, 1, 2, 3]);
    expect(valueTicks(4)).toEqual([0, 1, 2, 3, 4]);
    expect(valueTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(valueTicks(10)).toEqual([0, 5, 10]);
    expect(valueTicks(37)).toEqual([0, 10, 20, 30, 40]);
    expect(valueTicks(1234)).toEqual([0, 500, 1000, 1500]);
    expect(valueTicks(100_000)).toEqual([0, 50_000, 100_000]);
  });
});

describe('chartFrame', () => {
  it('fits the width it is shown at, one slot per message of at least 22 px, up to 20', () => {
    expect(chartFrame(335)).toEqual({ width: 335, height: 180, left: 40, bottom: 36, top: 12, slots: 13 });
    expect(chartFrame(940).slots).toBe(20);
    // Never narrower than 240 or fewer than 5 slots.
    expect(chartFrame(100)).toMatchObject({ width: 240, slots: 9 });
  });
});

describe('timeTicks', () => {
  const options = { minGap: 50, locale: 'en-GB', timeZone: 'UTC' };
  const bar = (x: number, sentAt: string) => ({ x, width: 10, sentAt });

  it('labels the first bar and then only bars far enough right, the day when it changes', () => {
    const ticks = timeTicks(
      [
        bar(0, '2026-11-30T23:50:00.000Z'),
        bar(20, '2026-11-30T23:55:00.000Z'), // 20 from the first: skipped
        bar(60, '2026-12-01T00:05:00.000Z'),
        bar(120, '2026-12-01T09:30:00.000Z'),
      ],
      options,
    );
    expect(ticks).toEqual([
      { x: 5, time: '23:50', date: '30 Nov' },
      { x: 65, time: '00:05', date: '1 Dec' },
      { x: 125, time: '09:30', date: null },
    ]);
  });

  it('skips a bar whose time cannot be read', () => {
    expect(timeTicks([bar(0, 'not a time'), bar(100, '2026-12-01T09:30:00.000Z')], options)).toEqual([
      { x: 105, time: '09:30', date: '1 Dec' },
    ]);
  });
});
