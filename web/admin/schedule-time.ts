/**
 * The admin types a time in their own time zone (a datetime-local input); the API takes ISO 8601 with an offset.
 * These turn one into the other and show a stored instant back in the admin's time zone.
 */

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const two = (n: number) => String(n).padStart(2, '0');

/**
 * "2026-12-01T09:00" (local) -> "2026-12-01T09:00:00+01:00", with this time zone's offset at that date (summer
 * time included). A local time skipped by a clock change (02:30 on the spring-forward night) does not exist: null.
 */
export function localToIso(local: string): string | null {
  const match = LOCAL_INPUT.exec(local.trim());
  if (!match) return null;
  const [y, mo, d, h, mi, s = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part))) as number[];
  const at = new Date(y!, mo! - 1, d!, h!, mi!, s);
  const roundTrips =
    at.getFullYear() === y &&
    at.getMonth() === mo! - 1 &&
    at.getDate() === d &&
    at.getHours() === h &&
    at.getMinutes() === mi;
  if (!roundTrips) return null;
  const offset = -at.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
  return `${y}-${two(mo!)}-${two(d!)}T${two(h!)}:${two(mi!)}:${two(s)}${zone}`;
}

/** A stored instant in the admin's time zone: "2026-12-01 09:00:05 GMT+1" (24-hour, with the zone's name). */
export function formatLocalTime(iso: string): string {
  const at = new Date(iso);
  const zone =
    new Intl.DateTimeFormat('en', { timeZoneName: 'short' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value ?? '';
  const date = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}`;
  const time = `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
  return `${date} ${time} ${zone}`.trim();
}
