import type { PushPayload } from './push-payload.ts';

/** One push as the service worker recorded it. */
export interface ReceivedPush {
  id: string;
  receivedAt: string;
  payload: PushPayload;
}

export const RECEIVED_LIMIT = 20;

/**
 * Merges pushes into a list, newest first, each id once, at most `limit` entries. Used by the worker to keep
 * its stored history short and by the page to combine the stored history with live messages.
 */
export function mergeReceived(
  list: readonly ReceivedPush[],
  incoming: readonly ReceivedPush[],
  limit = RECEIVED_LIMIT,
): ReceivedPush[] {
  const byId = new Map<string, ReceivedPush>();
  for (const entry of [...list, ...incoming]) byId.set(entry.id, entry);
  return [...byId.values()]
    .sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0))
    .slice(0, limit);
}

/** Reads a stored list defensively: whatever is not a well-formed entry is left out. */
export function parseReceivedList(value: unknown): ReceivedPush[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (entry): entry is ReceivedPush =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof entry.id === 'string' &&
      typeof entry.receivedAt === 'string' &&
      typeof entry.payload === 'object' &&
      entry.payload !== null &&
      typeof entry.payload.title === 'string' &&
      typeof entry.payload.body === 'string',
  );
}
