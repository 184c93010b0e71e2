import {
  buildPushRequest,
  isRetryable,
  retryDelay,
  sendPushRequest,
  validateSubscription,
  WebPushError,
  type SendManyOptions,
  type SendResult,
} from '../../shared/webpush/index.ts';

/**
 * sendMany's lanes for pushes whose data differs per subscription (a receipt token per delivery): `concurrency`
 * lanes pull the next subscription, encrypt its own data and send it, retrying 429/5xx/network errors as
 * sendMany does (Retry-After honoured), 404/410 reported as `expired`. Encryption runs inline: sendMany's
 * worker threads encrypt one payload for everyone, which a per-delivery token rules out. VAPID tokens are
 * signed once per audience and reused by the library either way.
 */
export async function sendEach<S>(
  source: AsyncIterable<S>,
  dataOf: (subscription: S) => string,
  options: Omit<SendManyOptions<S>, 'workers' | 'encryptPool'>,
): Promise<void> {
  const iterator = source[Symbol.asyncIterator]();
  let index = 0;
  // One pull at a time: the source is a claiming generator, which must not run twice at once.
  let tail: Promise<unknown> = Promise.resolve();
  const next = () => {
    const pulled = tail.then(() => iterator.next());
    tail = pulled.catch(() => undefined);
    return pulled;
  };
  const lane = async () => {
    for (let step = await next(); !step.done; step = await next()) {
      const result = await deliver(step.value, index++, dataOf, options);
      await options.onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 64 }, lane));
}

async function deliver<S>(
  subscription: S,
  index: number,
  dataOf: (subscription: S) => string,
  options: Omit<SendManyOptions<S>, 'workers' | 'encryptPool'>,
): Promise<SendResult<S>> {
  let push;
  try {
    push = buildPushRequest(validateSubscription(subscription), dataOf(subscription), options);
  } catch (error) {
    return { index, subscription, outcome: 'failed', status: 0, attempts: 0, error: error as Error };
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const reply = await sendPushRequest(push, options);
      return { index, subscription, outcome: 'delivered', status: reply.status, attempts: attempt, reply };
    } catch (error) {
      const wait = isRetryable(error) ? retryDelay(error, attempt, options) : undefined;
      if (wait === undefined || options.signal?.aborted) {
        const status = error instanceof WebPushError ? error.status : 0;
        const outcome = error instanceof WebPushError && error.isGone ? 'expired' : 'failed';
        return { index, subscription, outcome, status, attempts: attempt, error: error as Error };
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
