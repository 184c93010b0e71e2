/**
 * Receipts the worker could not post (offline, server down, rate limited), kept in IndexedDB until a later
 * event (the next push, a click, Background Sync where the browser has it) posts them. One entry per token and
 * kind, so queueing a receipt twice keeps one; old entries are dropped, their tokens would be expired anyway.
 */
export interface QueuedReceipt {
  token: string;
  kind: 'shown' | 'clicked' | 'closed';
  action?: string;
  /** ms since 1970, when it was first queued. */
  queuedAt: number;
}

const DATABASE = 'receipts-outbox';
const STORE = 'receipts';
/** Entries kept at most: a worker offline for weeks should not grow without bound. */
export const OUTBOX_LIMIT = 500;
/** Entries older than this are dropped unsent (receipt tokens live 30 days). */
export const OUTBOX_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

const keyOf = (receipt: Pick<QueuedReceipt, 'token' | 'kind'>) => `${receipt.kind}:${receipt.token}`;

export async function queueReceipt(receipt: QueuedReceipt): Promise<void> {
  const queued = await queuedReceipts();
  if (queued.length >= OUTBOX_LIMIT) await removeReceipt(queued[0]!);
  await run('readwrite', (store) => store.put(receipt, keyOf(receipt)));
}

/** Everything queued, oldest first, without the entries too old to send (which are removed). */
export async function queuedReceipts(now = Date.now()): Promise<QueuedReceipt[]> {
  const all = await run('readonly', (store) => store.getAll() as IDBRequest<QueuedReceipt[]>);
  const stale = all.filter((receipt) => now - receipt.queuedAt > OUTBOX_MAX_AGE_MS);
  for (const receipt of stale) await removeReceipt(receipt);
  return all.filter((receipt) => !stale.includes(receipt)).sort((a, b) => a.queuedAt - b.queuedAt);
}

export async function removeReceipt(receipt: Pick<QueuedReceipt, 'token' | 'kind'>): Promise<void> {
  await run('readwrite', (store) => store.delete(keyOf(receipt)));
}
