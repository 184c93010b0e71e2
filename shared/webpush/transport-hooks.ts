// onRequest/onResponse (pywebpush's `verbose`, a logger, metrics): a Transport that wraps the chosen one, so
// every entry and transport (undici, fetch, a caller's) reports the same events. Nothing when no hook is given.
import { TransportFailure, type PushAnswer, type Transport } from './transport.ts';
import type { PushRequest, PushResponseEvent } from './types.ts';

export type { PushResponseEvent };

export interface PushHooks {
  /** Called as each request is handed to the transport (a retry calls it again). */
  onRequest?: (push: PushRequest) => void;
  /** Called with each answer or failure, before the library turns it into a reply or a WebPushError. */
  onResponse?: (event: PushResponseEvent) => void;
}

export function withHooks(transport: Transport, hooks: PushHooks): Transport {
  const { onRequest, onResponse } = hooks;
  if (!onRequest && !onResponse) return transport;
  return async (call) => {
    onRequest?.(call.push);
    const started = Date.now();
    let answer: PushAnswer;
    try {
      answer = await transport(call);
    } catch (error) {
      const failure = error instanceof TransportFailure ? error : undefined;
      onResponse?.({
        push: call.push,
        status: failure?.status ?? 0,
        headers: failure?.headers ?? {},
        body: '',
        ms: Date.now() - started,
        error: failure ? failure.cause : error,
      });
      throw error;
    }
    onResponse?.({ push: call.push, ...answer, ms: Date.now() - started });
    return answer;
  };
}
