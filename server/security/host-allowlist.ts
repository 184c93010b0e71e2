/**
 * The push services browsers use: Chrome, Edge-on-Android, Opera, Samsung (FCM), Firefox (Mozilla autopush),
 * Safari (Apple) and Edge on Windows (WNS). `*.` matches any subdomain, not the bare domain.
 */
export const DEFAULT_PUSH_SERVICES: readonly string[] = [
  'fcm.googleapis.com',
  '*.push.services.mozilla.com',
  '*.push.apple.com',
  '*.notify.windows.com',
];

/** Whether `host` (lower case, no trailing dot) matches one of the patterns. */
export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) =>
    pattern.startsWith('*.')
      ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1
      : host === pattern,
  );
}
