import { RECEIPT_ACTION_PARAM, RECEIPT_PARAM } from '../../shared/message-payload.ts';
import { queueReceipt, queuedReceipts, removeReceipt, type QueuedReceipt } from './outbox.ts';

export type ReceiptKind = QueuedReceipt['kind'];

/** Background Sync tag: browsers that have it wake the worker to post queued receipts once online. */
export const RECEIPT_SYNC_TAG = 'receipts';

const ENDPOINT = '/api/receipts';

/** A receipt the server did not take for now: offline, rate limited (429) or down (5xx). */
class NotTaken extends Error {}

/**
 * Posts one receipt with `keepalive` (so it survives the worker being stopped right after the event), after any
 * queued earlier. What cannot be posted now goes to the outbox for the next event. Never throws: a receipt must
 * not stop the notification or the click it reports on.
 */
export async function sendReceipt(
  scope: ServiceWorkerGlobalScope,
  receipt: { token: string; kind: ReceiptKind; action?: string },
): Promise<void> {
  const entry: QueuedReceipt = { ...receipt, queuedAt: Date.now() };
  try {
    await flushOutbox();
    await post(entry);
  } catch (error) {
    if (!(error instanceof NotTaken) && !(error instanceof TypeError)) console.warn('receipt:', error);
    await queueReceipt(entry).catch((queueError: unknown) =>
      console.warn('could not queue a receipt', queueError),
    );
    await requestSync(scope);
  }
}

/** Posts what the outbox holds, oldest first, stopping at the first one the server does not take. */
export async function flushOutbox(): Promise<void> {
  for (const receipt of await queuedReceipts()) {
    await post(receipt);
    await removeReceipt(receipt);
  }
}

async function post({ token, kind, action }: QueuedReceipt): Promise<void> {
  const response = await fetch(ENDPOINT, {
    method: 'POST',
    keepalive: true,
    // The receipt is about the delivery, not the person: no cookies go with it.
    credentials: 'omit',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(action ? { token, kind, action } : { token, kind }),
  });
  // 204 recorded (or ignored: the server answers all tokens alike); another 4xx will never be taken, so it is
  // dropped rather than retried forever.
  if (response.status === 429 || response.status >= 500) throw new NotTaken(`${response.status}`);
}

async function requestSync(scope: ServiceWorkerGlobalScope): Promise<void> {
  const sync = (scope.registration as { sync?: { register(tag: string): Promise<void> } }).sync;
  await sync?.register(RECEIPT_SYNC_TAG).catch(() => undefined);
}

/** The receipt token a kit message carries in `notification.data.receipt`, or null. */
export function receiptOf(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const { receipt } = data as { receipt?: unknown };
  return typeof receipt === 'string' && receipt.length > 0 && receipt.length <= 100 ? receipt : null;
}

/**
 * A link without the receipt parameters the server added for pages opened without the worker (Safari): the
 * worker reports the click itself, so the page it opens gets the link as the admin wrote it.
 */
export function withoutReceiptParams(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link;
  }
  if (!url.searchParams.has(RECEIPT_PARAM)) return link;
  url.searchParams.delete(RECEIPT_PARAM);
  url.searchParams.delete(RECEIPT_ACTION_PARAM);
  return url.href;
}
