// The inline feed: pushes prepared on the event loop as the lanes pull them. Its sibling, pool-feed.ts, encrypts
// them on worker threads ahead of the lanes; both hand runLanes (fan-out.ts) the same Pull.
import type { Prepared, Pull } from './fan-out.ts';

/**
 * Pulls subscriptions one at a time and prepares each: a synchronous source needs no queue (JavaScript runs
 * one next() at a time anyway); an async one is serialized so that many lanes never call next() at once.
 */
export function inlineFeed<S>(
  source: Iterable<S> | AsyncIterable<S>,
  prepare: (subscription: S, index: number) => Prepared<S> | Promise<Prepared<S>>,
): Pull<S> {
  let index = 0;
  if (Symbol.asyncIterator in source) {
    const pull = serialized(source);
    return async () => {
      const step = await pull();
      return step === undefined ? undefined : prepare(step, index++);
    };
  }
  const iterator = source[Symbol.iterator]();
  return () => {
    const step = iterator.next();
    return step.done ? undefined : prepare(step.value, index++);
  };
}

function serialized<T>(source: AsyncIterable<T>): () => Promise<T | undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let tail: Promise<unknown> = Promise.resolve();
  return () => {
    const pulled = tail.then(async () => {
      const step = await iterator.next();
      return step.done ? undefined : step.value;
    });
    tail = pulled.catch(() => undefined);
    return pulled;
  };
}
