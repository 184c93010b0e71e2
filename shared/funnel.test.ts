import { describe, expect, it } from 'vitest';
import { formatRate, funnelRates } from './funnel.ts';

const counts = { total: 10, accepted: 8, shown: 6, clicked: 3, closed: 2, expired: 1, failed: 1, pending: 0 };

describe('funnelRates', () => {
  it('divides each step by the one before it', () => {
    expect(funnelRates(counts)).toEqual({
      accepted: 0.8,
      shown: 0.75,
      clicked: 0.5,
      clickThrough: 0.375,
      closed: 2 / 6,
    });
  });

  it('has no rate after a step of zero', () => {
    expect(funnelRates({ ...counts, accepted: 0, shown: 0, clicked: 0, closed: 0 })).toEqual({
      accepted: 0,
      shown: null,
      clicked: null,
      clickThrough: null,
      closed: null,
    });
  });

  it('caps a rate at 100% (a click reported by a page whose shown receipt came first elsewhere)', () => {
    expect(funnelRates({ ...counts, accepted: 2, shown: 3 }).shown).toBe(1);
  });
});

describe('formatRate', () => {
  it.each([
    [null, '–'],
    [0, '0%'],
    [0.004, '0.4%'],
    [0.375, '38%'],
    [1, '100%'],
  ])('%s is %s', (rate, text) => expect(formatRate(rate)).toBe(text));
});
