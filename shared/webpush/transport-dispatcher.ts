// Pushes through an undici dispatcher (Node's fast path; a caller's Agent, Pool, ProxyAgent or HTTP/2 Agent).
// Written against the dispatcher's interface only: nothing of undici is imported at run time, so this file also
// serves a caller on another runtime who brings a dispatcher of their own.
import type { Dispatcher } from 'undici';
import { concatBytes, fromUtf8 } from './bytes.ts';
import { PushTimeout, TransportFailure, type PushAnswer, type Transport } from './transport.ts';
import type { PushRequest } from './types.ts';

/** undici's Dispatcher, by shape: the one method this transport calls. */
export interface DispatcherLike {
  dispatch(options: never, handler: never): boolean;
}

/**
 * One request through undici's dispatcher with a minimal handler. `request()` wraps every call in a stream,
 * an async resource and an abort signal listener; a push only needs the status, headers and a short body,
 * and this costs ~80 us less CPU a push. The deadline and the caller's signal are armed here, before the
 * dispatcher looks for a connection: undici only starts a request once it has a connected socket, so a
 * handshake that hangs would otherwise outlast both (until undici's own 10 s connect timeout).
 */
export function dispatcherTransport(dispatcher: DispatcherLike | (() => DispatcherLike)): Transport {
  return ({ push, timeout, signal }) =>
    dispatchPush(typeof dispatcher === 'function' ? dispatcher() : dispatcher, push, timeout, signal);
}

function dispatchPush(
  dispatcher: DispatcherLike,
  push: PushRequest,
  timeout: number,
  signal: AbortSignal | undefined,
): Promise<PushAnswer> {
  const url = new URL(push.endpoint);
  return new Promise<PushAnswer>((resolve, reject) => {
    const collector = new AnswerCollector(resolve, reject, timeout, signal);
    if (collector.isSettled) return; // the signal was already aborted: nothing to send
    try {
      (dispatcher as Dispatcher).dispatch(
        {
          origin: url.origin,
          path: url.pathname + url.search,
          method: push.method,
          headers: push.headers,
          body: push.body ?? '',
          // Started later than our deadline, so they never cut in first (undici's default is 300 s).
          headersTimeout: timeout,
          bodyTimeout: timeout,
        },
        collector,
      );
    } catch (error) {
      collector.onResponseError(undefined, error as Error); // a bad option: clear the deadline too
    }
  });
}

/**
 * Collects one answer, or gives up at the deadline or the caller's abort, whichever comes first. Given up
 * before undici started the request, it aborts the request the moment a connection comes up, so a push
 * reported as failed is never sent late. A class, not an object of closures: a fan-out makes one per push.
 */
class AnswerCollector implements Dispatcher.DispatchHandler {
  private status = 0;
  private headers: Record<string, string> | undefined;
  private readonly chunks: Uint8Array[] = [];
  private controller: Dispatcher.DispatchController | undefined;
  private givenUpFor: Error | undefined;
  private settled = false;
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onAbort: (() => void) | undefined;

  constructor(
    private readonly resolve: (answer: PushAnswer) => void,
    private readonly reject: (failure: TransportFailure) => void,
    timeout: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    if (signal?.aborted) {
      this.settled = true;
      reject(new TransportFailure(signal.reason, false, true));
      return;
    }
    this.timer = setTimeout(
      () => this.giveUp(new PushTimeout(`no reply within ${timeout} ms`), false),
      timeout,
    );
    if (signal) {
      this.onAbort = () => this.giveUp(signal.reason, true);
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  get isSettled(): boolean {
    return this.settled;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    if (this.givenUpFor) return controller.abort(this.givenUpFor); // undici then destroys the fresh socket
    this.controller = controller;
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    this.status = statusCode;
    this.headers = flattenHeaders(headers);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Uint8Array): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.settle();
    const body = this.chunks.length ? fromUtf8(concatBytes(...this.chunks)) : '';
    this.resolve({ status: this.status, headers: this.headers ?? {}, body });
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (this.settled) return;
    this.settle();
    this.reject(this.failure(error, false));
  }

  private giveUp(reason: unknown, aborted: boolean): void {
    if (this.settled) return;
    this.settle();
    this.givenUpFor = reason instanceof Error ? reason : new Error(String(reason));
    this.reject(this.failure(reason, aborted));
    this.controller?.abort(this.givenUpFor);
  }

  private failure(cause: unknown, aborted: boolean): TransportFailure {
    return new TransportFailure(cause, this.controller !== undefined, aborted, this.status, this.headers);
  }

  private settle(): void {
    this.settled = true;
    clearTimeout(this.timer);
    if (this.onAbort) this.signal!.removeEventListener('abort', this.onAbort);
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
