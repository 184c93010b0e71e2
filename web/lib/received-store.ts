import { mergeReceived, parseReceivedList, type ReceivedPush } from './received-list.ts';

// The worker and the pages share this origin's Cache API: one JSON document holds the recent pushes.
const CACHE_NAME = 'received-pushes-v1';
const DOCUMENT_URL = '/__received-pushes.json';

/** The pushes the service worker recorded, newest first (empty when nothing was stored or caches are off). */
export async function readReceived(): Promise<ReceivedPush[]> {
  if (typeof caches === 'undefined') return [];
  const cache = await caches.open(CACHE_NAME);
  const response = await cache.match(DOCUMENT_URL);
  if (!response) return [];
  try {
    return parseReceivedList(await response.json());
  } catch {
    return [];
  }
}

// Pushes can arrive back to back; chaining the read-modify-write keeps one from overwriting another.
let writeChain: Promise<unknown> = Promise.resolve();

/** Adds one push to the stored list, keeping the newest ones. */
export function recordReceived(entry: ReceivedPush): Promise<void> {
  const write = writeChain.then(async () => {
    const cache = await caches.open(CACHE_NAME);
    const list = mergeReceived(await readReceived(), [entry]);
    const body = JSON.stringify(list);
    await cache.put(DOCUMENT_URL, new Response(body, { headers: { 'Content-Type': 'application/json' } }));
  });
  writeChain = write.catch(() => undefined);
  return write;
}
