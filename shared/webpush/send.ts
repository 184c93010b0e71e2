import { getGlobalDispatcher, type Dispatcher } from 'undici';
import { WebPushError } from './errors.ts';
import { checkTimeout } from './push-options.ts';
import type { PushReply, PushRequest } from './types.ts';

export interface TransportOptions {
  timeout?: number;
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
}

/** Sends a built push. Resolves with the reply on 2xx; otherwise rejects with a WebPushError carrying it. */
export async function sendPushRequest(push: PushRequest, options: TransportOptions = {}): Promise<PushReply> {
  const timeout = checkTimeout(options.timeout);
  let answer: RawAnswer;
  try {
    answer = await dispatchPush(push, timeout, options);
  } catch (error) {
    const failure = error instanceof DispatchFailure ? error : new DispatchFailure(error, false);
    throw new WebPushError({
      status: failure.status,
      ...(failure.headers ? { headers: failure.headers } : {}),
      endpoint: push.endpoint,
      reason: failureReason(failure, timeout),
      cause: failure.cause,
    });
  }
  const { status, headers, body } = answer;
  if (status >= 200 && status < 300) return { status, headers, body };
  throw new WebPushError({ status, headers, body, endpoint: push.endpoint });
}

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A request that failed. `started` says whether undici had handed it to a connection (so it may have been sent);
 * after the status line (the body broke off) it still tells what the service answered.
 */
class DispatchFailure {
  constructor(
    readonly cause: unknown,
    readonly started: boolean,
    readonly aborted = false,
    readonly status = 0,
    readonly headers?: Record<string, string>,
  ) {}
}

/** Why we gave up on a push ourselves: the deadline passed. */
class PushTimeout extends Error {
  override name = 'TimeoutError';
}

/**
 * One request through undici's dispatcher with a minimal handler. `request()` wraps every call in a stream,
 * an async resource and an abort signal listener; a push only needs the status, headers and a short body,
 * and this costs ~80 us less CPU a push. The deadline and the caller's signal are armed here, before the
 * dispatcher looks for a connection: undici only starts a request once it has a connected socket, so a
 * handshake that hangs would otherwise outlast both (until undici's own 10 s connect timeout).
 */
function dispatchPush(push: PushRequest, timeout: number, options: TransportOptions): Promise<RawAnswer> {
  const url = new URL(push.endpoint);
  const dispatcher = options.dispatcher ?? getGlobalDispatcher();
  return new Promise<RawAnswer>((resolve, reject) => {
    const collector = new AnswerCollector(resolve, reject, timeout, options.signal);
    if (collector.isSettled) return; // the signal was already aborted: nothing to send
    try {
      dispatcher.dispatch(
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
  private readonly chunks: Buffer[] = [];
  private controller: Dispatcher.DispatchController | undefined;
  private givenUpFor: Error | undefined;
  private settled = false;
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onAbort: (() => void) | undefined;

  constructor(
    private readonly resolve: (answer: RawAnswer) => void,
    private readonly reject: (failure: DispatchFailure) => void,
    timeout: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    if (signal?.aborted) {
      this.settled = true;
      reject(new DispatchFailure(signal.reason, false, true));
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

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.settle();
    const body = this.chunks.length ? Buffer.concat(this.chunks).toString('utf8') : '';
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

  private failure(cause: unknown, aborted: boolean): DispatchFailure {
    return new DispatchFailure(cause, this.controller !== undefined, aborted, this.status, this.headers);
  }

  private settle(): void {
    this.settled = true;
    clearTimeout(this.timer);
    if (this.onAbort) this.signal!.removeEventListener('abort', this.onAbort);
  }
}

function failureReason(failure: DispatchFailure, timeout: number): string {
  const notSent = failure.started ? '' : '; the request was not sent';
  if (failure.aborted) return `aborted by the caller${notSent}`;
  if (failure.cause instanceof PushTimeout) {
    if (!failure.started) return `no connection ready within ${timeout} ms${notSent}`;
    return failure.status
      ? `the reply did not finish within ${timeout} ms`
      : `no answer within ${timeout} ms`;
  }
  return describeNetworkError(failure.cause);
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function describeNetworkError(error: unknown): string {
  const err = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? err.code;
  const message = err.cause?.message ?? err.message ?? String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
