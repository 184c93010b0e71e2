import { afterEach, describe, expect, it } from 'vitest';
import { formatLocalTime, localToIso } from './schedule-time.ts';

const originalZone = process.env.TZ;
/** Node reads TZ again whenever it changes, so each test picks its zone. */
const inZone = (zone: string) => (process.env.TZ = zone);
afterEach(() => {
  process.env.TZ = originalZone;
});

describe('localToIso', () => {
  it('names the local time with the offset of its zone, summer time included', () => {
    inZone('Europe/Paris');
    expect(localToIso('2026-12-01T09:00')).toBe('2026-12-01T09:00:00+01:00');
    expect(localToIso('2026-07-01T09:00:30')).toBe('2026-07-01T09:00:30+02:00');
    inZone('America/New_York');
    expect(localToIso('2026-12-01T09:00')).toBe('2026-12-01T09:00:00-05:00');
    inZone('Asia/Kathmandu');
    expect(localToIso('2026-12-01T09:00')).toBe('2026-12-01T09:00:00+05:45');
    inZone('UTC');
    expect(localToIso('2026-12-01T09:00')).toBe('2026-12-01T09:00:00+00:00');
  });

  it('names the same instant the admin meant', () => {
    inZone('America/New_York');
    expect(new Date(localToIso('2026-12-01T09:00')!).toISOString()).toBe('2026-12-01T14:00:00.000Z');
  });

  it('refuses a local time skipped by the clock change, and what is not a date and time', () => {
    inZone('Europe/Paris');
    expect(localToIso('2026-03-29T02:30')).toBeNull();
    expect(localToIso('2026-02-30T09:00')).toBeNull();
    expect(localToIso('tomorrow')).toBeNull();
  });
});

describe('formatLocalTime', () => {
  it('shows a stored instant in the local zone, 24-hour, with its name', () => {
    inZone('Asia/Kathmandu');
    expect(formatLocalTime('2026-12-01T08:00:05.000Z')).toBe('2026-12-01 13:45:05 GMT+5:45');
    inZone('America/New_York');
    expect(formatLocalTime('2026-12-01T08:00:05.000Z')).toBe('2026-12-01 03:00:05 EST');
  });
});
