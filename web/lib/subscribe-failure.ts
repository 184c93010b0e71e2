/**
 * Why `PushManager.subscribe()` failed, as far as its error tells:
 * - refused: notifications are allowed, yet the browser says "permission denied". Chrome does this in an
 *   Incognito window (and Chromium builds that have no Google push service, e.g. test browsers), with an
 *   `AbortError: Registration failed - permission denied`; other browsers use NotAllowedError.
 * - unreachable: anything else, such as no answer from the push service or a network error.
 */
export type SubscribeFailureKind = 'refused' | 'unreachable';

export function subscribeFailureKind(error: unknown, permission: string): SubscribeFailureKind {
  if (permission !== 'granted' || !(error instanceof Error)) return 'unreachable';
  const deniedName = error.name === 'AbortError' || error.name === 'NotAllowedError';
  return deniedName && /permission denied/i.test(error.message) ? 'refused' : 'unreachable';
}

/** "Name: message" for an error, or its text. */
export function describeError(error: unknown): string {
  if (error instanceof Error)
    return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}
