/**
 * Runs `worker` over `items` with at most `concurrency` calls in flight. Items are pulled lazily,
 * so a paged async generator is read only as fast as the work goes. `shouldStop` is checked
 * before each item; work already started finishes. The first worker error is rethrown at the end.
 */
export async function forEachConcurrently<T>(
  items: AsyncIterable<T> | Iterable<T>,
  concurrency: number,
  worker: (item: T) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const iterator =
    Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : (items as Iterable<T>)[Symbol.iterator]();
  let failed = false;
  const lane = async () => {
    while (!failed && !shouldStop()) {
      const next = await iterator.next();
      if (next.done) return;
      try {
        await worker(next.value);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.max(1, concurrency) }, lane));
  const rejected = results.find((result) => result.status === 'rejected');
  if (rejected) throw rejected.reason;
}
