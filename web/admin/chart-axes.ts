import type { ChartFrame } from './chart-data.ts';

/**
 * Value ticks from 0 to at least `max`, a step of 1, 2 or 5 times a power of ten (whole counts only), at
 * most `maxIntervals` steps. The last tick is the top of the plot.
 */
export function valueTicks(max: number, maxIntervals = 4): number[] {
  const top = Math.max(1, max);
  const rough = top / maxIntervals;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(
    1,
    [1, 2, 5, 10].map((multiple) => multiple * power).find((s) => s >= rough)!,
  );
  return Array.from({ length: Math.ceil(top / step) + 1 }, (_, index) => index * step);
}

/** The chart's frame for the width it is shown at, so 11 px text stays 11 px on a phone. */
export function chartFrame(width: number): ChartFrame {
  const w = Math.max(240, Math.round(width));
  const left = 40;
  // One slot per message, at least 22 px each; up to 20 messages.
  const slots = Math.min(20, Math.max(5, Math.floor((w - left) / 22)));
  return { width: w, height: 180, left, bottom: 36, top: 12, slots };
}

export interface TimeTick {
  /** Centre of the bar it labels. */
  x: number;
  time: string;
  /** The day, on the first label and wherever the day changes; null otherwise. */
  date: string | null;
}

export interface TimeTickOptions {
  /** Least distance between two labels' centres, in chart units. */
  minGap: number;
  locale?: string;
  timeZone?: string;
}

/**
 * Time labels under the bars (oldest left): the first bar's, then each next bar at least `minGap` further
 * right. Bars stay one per message rather than at their time, since messages sent in a burst would overlap.
 */
export function timeTicks(
  bars: readonly { x: number; width: number; sentAt: string }[],
  { minGap, locale, timeZone }: TimeTickOptions,
): TimeTick[] {
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone });
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone });
  const ticks: TimeTick[] = [];
  let lastX = -Infinity;
  let lastDay: string | null = null;
  for (const bar of bars) {
    const x = bar.x + bar.width / 2;
    const sent = new Date(bar.sentAt);
    if (x - lastX < minGap || Number.isNaN(sent.getTime())) continue;
    const date = day.format(sent);
    ticks.push({ x, time: time.format(sent), date: date === lastDay ? null : date });
    lastX = x;
    lastDay = date;
  }
  return ticks;
}
