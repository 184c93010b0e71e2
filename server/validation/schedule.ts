import { z } from 'zod';

/**
 * ISO 8601 date and time with a UTC offset: "2026-12-01T09:00+01:00", "2026-12-01T08:00:00.000Z". A time without
 * an offset is refused: the server cannot know which time zone the admin meant (the admin page sends its own).
 */
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-](\d{2}):(\d{2}))$/i;

/** How far ahead a message may be scheduled. */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;

/** The instant `value` names, or null when it is not an ISO 8601 time with an offset or not a real date. */
export function parseInstant(value: string): Date | null {
  const match = ISO_WITH_OFFSET.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second = '0', fraction = '0', zone, offsetHours, offsetMinutes] =
    match;
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = fields;
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return null;
  const local = Date.UTC(y, mo - 1, d, h, mi, s, Number(fraction.padEnd(3, '0')));
  // Date.UTC rolls 30 February over into March: a date that does not exist is refused instead.
  if (new Date(local).getUTCDate() !== d) return null;
  if (zone!.toUpperCase() === 'Z') return new Date(local);
  const offsetMs = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return null;
  return new Date(zone!.startsWith('-') ? local + offsetMs : local - offsetMs);
}

/** A field of the message body holding an instant; `parseInstant` reads it once the shape is checked. */
export const instantField = z
  .string()
  .max(40, { error: 'must be at most 40 characters' })
  .refine((value) => parseInstant(value) !== null, {
    error:
      'must be an ISO 8601 date and time with a UTC offset, like 2026-12-01T09:00:00+01:00 or 2026-12-01T08:00:00Z',
  });

export interface ScheduleProblem {
  field: 'sendAt' | 'expiresAt';
  message: string;
}

/**
 * What is wrong with a schedule against the server's clock, or null: a send time already past (a message
 * cannot be sent earlier than now; leave sendAt out to send at once), too far ahead, or an expiry that comes
 * before the message could go out.
 */
export function scheduleProblem(
  times: { sendAt?: Date | null; expiresAt?: Date | null },
  now: Date,
): ScheduleProblem | null {
  const { sendAt, expiresAt } = times;
  if (sendAt && sendAt.getTime() <= now.getTime()) {
    return {
      field: 'sendAt',
      message: `sendAt ${sendAt.toISOString()} is in the past (the server's time is ${now.toISOString()}): choose a later time, or leave sendAt out to send now`,
    };
  }
  if (sendAt && sendAt.getTime() - now.getTime() > MAX_SCHEDULE_AHEAD_MS) {
    return { field: 'sendAt', message: `sendAt ${sendAt.toISOString()} is more than 366 days ahead` };
  }
  const start = sendAt ?? now;
  if (expiresAt && expiresAt.getTime() <= start.getTime()) {
    return {
      field: 'expiresAt',
      message: `expiresAt ${expiresAt.toISOString()} must be after ${sendAt ? `sendAt (${sendAt.toISOString()})` : `the server's time (${now.toISOString()})`}: the message would expire before it is sent`,
    };
  }
  return null;
}
