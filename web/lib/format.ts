/** A timestamp for people: local date and time, or the given word when it has not happened. */
export function formatTime(iso: string | null | undefined, never = 'never'): string {
  if (!iso) return never;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A push service origin without the scheme, e.g. "updates.push.services.mozilla.com". */
export function pushServiceName(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

/** A short browser name from a user agent string, enough to tell one's devices apart. */
export function browserName(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown browser';
  const known: [RegExp, string][] = [
    [/Edg\//, 'Edge'],
    [/OPR\//, 'Opera'],
    [/Firefox\//, 'Firefox'],
    [/Chrome\//, 'Chrome'],
    [/Chromium\//, 'Chromium'],
    [/Safari\//, 'Safari'],
  ];
  const browser = known.find(([pattern]) => pattern.test(userAgent))?.[1] ?? 'Browser';
  const platforms: [RegExp, string][] = [
    [/Android/, 'Android'],
    [/iPhone|iPad/, 'iOS'],
    [/Windows/, 'Windows'],
    [/Mac OS X|Macintosh/, 'macOS'],
    [/Linux/, 'Linux'],
  ];
  const platform = platforms.find(([pattern]) => pattern.test(userAgent))?.[1];
  return platform ? `${browser} on ${platform}` : browser;
}
