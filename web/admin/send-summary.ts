import type { Message } from '../../shared/api-types.ts';

type Counts = Pick<Message, 'total' | 'delivered' | 'expired' | 'failed' | 'pending'>;

/** "3 delivered, 0 expired, 0 failed", with ", 2 pending" while some devices have no outcome yet. */
export function summaryText(counts: Counts): string {
  const text = `${counts.delivered} delivered, ${counts.expired} expired, ${counts.failed} failed`;
  return counts.pending > 0 ? `${text}, ${counts.pending} pending` : text;
}

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
