import { describe, expect, it } from 'vitest';
import { instantField, parseInstant, scheduleProblem } from './schedule.ts';

describe('parseInstant', () => {
  it.each([
    ['2026-12-01T09:00:00+01:00', '2026-12-01T08:00:00.000Z'],
    ['2026-12-01T09:00+01:00', '2026-12-01T08:00:00.000Z'],
    ['2026-12-01T03:00:00-05:00', '2026-12-01T08:00:00.000Z'],
    // Nepal is 5 h 45 min ahead; the Chatham Islands in summer 13 h 45 min.
    ['2026-12-01T13:45:00+05:45', '2026-12-01T08:00:00.000Z'],
    ['2026-12-01T21:45:00+13:45', '2026-12-01T08:00:00.000Z'],
    // Across midnight and a year boundary.
    ['2027-01-01T00:30:00+02:00', '2026-12-31T22:30:00.000Z'],
    ['2026-12-01T08:00:00.5Z', '2026-12-01T08:00:00.500Z'],
    ['2026-12-01t08:00:00z', '2026-12-01T08:00:00.000Z'],
    ['2028-02-29T12:00:00Z', '2028-02-29T12:00:00.000Z'],
  ])('reads %s as %s', (text, instant) => {
    expect(parseInstant(text)?.toISOString()).toBe(instant);
  });

  it.each([
    ['no offset (which time zone?)', '2026-12-01T09:00:00'],
    ['a date only', '2026-12-01'],
    ['a date that does not exist', '2026-02-30T09:00:00Z'],
    ['29 February of a common year', '2027-02-29T09:00:00Z'],
    ['hour 24', '2026-12-01T24:00:00Z'],
    ['month 13', '2026-13-01T09:00:00Z'],
    ['an offset without a colon', '2026-12-01T09:00:00+0100'],
    ['an impossible offset', '2026-12-01T09:00:00+01:60'],
    ['a space instead of T', '2026-12-01 09:00:00Z'],
  ])('refuses %s', (_what, text) => {
    expect(parseInstant(text)).toBeNull();
  });

  it('names the rule when the field is refused', () => {
    const result = instantField.safeParse('2026-12-01T09:00:00');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'must be an ISO 8601 date and time with a UTC offset, like 2026-12-01T09:00:00+01:00 or 2026-12-01T08:00:00Z',
    );
  });
});

describe('scheduleProblem', () => {
  const now = new Date('2026-12-01T08:00:00.000Z');

  it('accepts a time ahead, whatever offset named it', () => {
    expect(scheduleProblem({ sendAt: parseInstant('2026-12-01T09:00:01+01:00') }, now)).toBeNull();
    expect(scheduleProblem({ sendAt: parseInstant('2026-12-01T03:00:01-05:00') }, now)).toBeNull();
  });

  it('refuses a time in the past, or now, saying so with both clocks', () => {
    // 09:00 in Paris is 08:00 UTC: not later than the server's now, though "09:00" looks later than "08:00".
    const paris = parseInstant('2026-12-01T09:00:00+01:00');
    expect(scheduleProblem({ sendAt: paris }, now)).toEqual({
      field: 'sendAt',
      message:
        "sendAt 2026-12-01T08:00:00.000Z is in the past (the server's time is 2026-12-01T08:00:00.000Z): choose a later time, or leave sendAt out to send now",
    });
    expect(scheduleProblem({ sendAt: parseInstant('2026-12-01T07:59:59Z') }, now)?.field).toBe('sendAt');
  });

  it('refuses a schedule more than 366 days ahead', () => {
    expect(scheduleProblem({ sendAt: parseInstant('2027-12-03T08:00:00Z') }, now)).toEqual({
      field: 'sendAt',
      message: 'sendAt 2027-12-03T08:00:00.000Z is more than 366 days ahead',
    });
  });

  it('refuses an expiry before the send time, or before now when sent at once', () => {
    const sendAt = parseInstant('2026-12-01T10:00:00Z');
    expect(scheduleProblem({ sendAt, expiresAt: parseInstant('2026-12-01T10:30:00+01:00') }, now)).toEqual({
      field: 'expiresAt',
      message:
        'expiresAt 2026-12-01T09:30:00.000Z must be after sendAt (2026-12-01T10:00:00.000Z): the message would expire before it is sent',
    });
    expect(scheduleProblem({ expiresAt: parseInstant('2026-12-01T07:00:00Z') }, now)?.message).toBe(
      "expiresAt 2026-12-01T07:00:00.000Z must be after the server's time (2026-12-01T08:00:00.000Z): the message would expire before it is sent",
    );
    expect(scheduleProblem({ sendAt, expiresAt: parseInstant('2026-12-01T10:00:01Z') }, now)).toBeNull();
  });
});
