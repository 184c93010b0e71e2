import type { Message } from '../../shared/api-types.ts';

type Counts = Pick<Message, 'total' | 'accepted' | 'expired' | 'failed' | 'pending'>;

/**
 * "3 accepted, 0 expired, 0 failed", with ", 2 pending" while some devices have no outcome yet. A 201 means
 * the push service accepted the push, not that the device showed it: "accepted", never "delivered".
 */
export function summaryText(counts: Counts): string {
  const text = `${counts.accepted} accepted, ${counts.expired} expired, ${counts.failed} failed`;
  return counts.pending > 0 ? `${text}, ${counts.pending} pending` : text;
}

/** What each outcome means, shown on hover over the chart legend and over a delivery's outcome. */
export const OUTCOME_MEANINGS: Record<'accepted' | 'expired' | 'failed', string> = {
  accepted: 'the push service accepted the push (201); the device shows it once it is reachable',
  expired: 'the subscription is gone (404 or 410) and was removed',
  failed: 'the push service refused the push, or could not be reached',
};

/** How many devices have an outcome, for the progress bar (`max` is the total, at least 1). */
export function progressOf(message: Counts & Pick<Message, 'status'>): { value: number; max: number } {
  if (message.total === 0) return { value: message.status === 'done' ? 1 : 0, max: 1 };
  return { value: message.total - message.pending, max: message.total };
}

/** A one-line description of who a message went to. */
export function targetText(target: Message['target'], userNames: ReadonlyMap<number, string>): string {
  if (target.type === 'all') return 'everyone';
  const names = target.userIds.map((id) => userNames.get(id) ?? `user ${id}`);
  return names.length <= 3 ? names.join(', ') : `${names.length} users`;
}
