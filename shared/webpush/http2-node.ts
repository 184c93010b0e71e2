// `http2: true` on Node: an undici Agent whose dispatcher per push-service origin offers HTTP/2 by ALPN and,
// when the origin takes it, multiplexes every push over one TLS session; when the origin answers http/1.1 (or
// the endpoint is http:), pushes go to a pool of HTTP/1.1 keep-alive connections, as without the option.
// `new Agent({ allowH2: true })` alone does not multiplex pushes (undici 7.30; 20 pushes at once made 20 TLS
// sessions of one stream each): it runs one non-idempotent request (a POST) at a time per session, and its pool
// opens a new connection for every request queued while the first one is still connecting.
import { Agent, buildConnector, Client, Dispatcher, Pool } from 'undici';

/** Pushes in flight on one session; RFC 9113 §6.5.2 asks servers to allow at least 100 streams. */
const STREAMS_PER_SESSION = 100;

export interface Http2AgentOptions {
  /** HTTP/1.1 connections per origin when an origin does not speak h2 (default: no limit). */
  connections?: number;
  keepAliveTimeout?: number;
  /** TLS options (e.g. `ca`), for the h2 session and the HTTP/1.1 fallback alike. */
  connect?: buildConnector.BuildOptions;
}

export function http2Agent(options: Http2AgentOptions = {}): Agent {
  return new Agent({ factory: (origin) => new AlpnRoute(origin, options) });
}

type Protocol = 'h2' | 'http/1.1';
type Queued = [Dispatcher.DispatchOptions, Dispatcher.DispatchHandler];

/**
 * One origin: the first push connects with h2 offered, the pushes behind it wait for the ALPN answer, then
 * go over that session (h2) or to an HTTP/1.1 pool. A reconnection asks again.
 */
class AlpnRoute extends Dispatcher {
  private protocol: Protocol | undefined;
  private connecting = false;
  private readonly waiting: Queued[] = [];
  private readonly session: Client;
  private h1Pool: Pool | undefined;

  constructor(
    private readonly origin: string | URL,
    private readonly options: Http2AgentOptions,
  ) {
    super();
    const connector = buildConnector({ ...options.connect, allowH2: true });
    const connect: buildConnector.connector = (connectOptions, callback) =>
      connector(connectOptions, (...args) => {
        callback(...args);
        const [error, socket] = args;
        this.learn(error ? undefined : (socket as { alpnProtocol?: unknown }).alpnProtocol === 'h2');
      });
    this.session = this.forward(new Client(origin, { keepAliveTimeout: options.keepAliveTimeout, connect }));
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (this.protocol === 'http/1.1') return this.h1().dispatch(options, handler);
    if (this.protocol === undefined) {
      if (this.connecting) {
        this.waiting.push([options, handler]);
        return true;
      }
      this.connecting = true;
    }
    return this.onSession(options, handler);
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    const closed = Promise.all([this.session.close(), this.h1Pool?.close()]).then(() => undefined);
    if (!callback) return closed;
    void closed.then(callback);
  }

  override destroy(): Promise<void>;
  override destroy(error: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(error: Error | null, callback: () => void): void;
  override destroy(
    errorOrCallback?: Error | null | (() => void),
    callback?: () => void,
  ): Promise<void> | void {
    const error = typeof errorOrCallback === 'function' ? null : (errorOrCallback ?? null);
    const done = typeof errorOrCallback === 'function' ? errorOrCallback : callback;
    const destroyed = Promise.all([this.session.destroy(error), this.h1Pool?.destroy(error)]).then(
      () => undefined,
    );
    if (!done) return destroyed;
    void destroyed.then(done);
  }

  /** Read by undici's Agent before it closes an origin it no longer uses. */
  get destroyed(): boolean {
    return this.session.destroyed;
  }

  /** After each connection attempt: the protocol the origin chose (undefined: it failed), then the queue. */
  private learn(h2: boolean | undefined): void {
    this.connecting = false;
    if (h2 !== undefined) {
      this.protocol = h2 ? 'h2' : 'http/1.1';
      this.session.pipelining = h2 ? STREAMS_PER_SESSION : 1;
    }
    // After a failed attempt the waiting pushes join the session's queue, which fails them with that error
    // (as undici fails the requests queued on a connection that did not come up).
    for (const [options, handler] of this.waiting.splice(0)) {
      if (this.protocol === 'http/1.1') this.h1().dispatch(options, handler);
      else this.onSession(options, handler);
    }
  }

  /**
   * `idempotent: true` lets undici run several POSTs at once on the session (its only effect in undici 7:
   * it retries nothing itself). Whether a push that failed mid-flight is sent again stays the caller's call
   * (sendMany's retries), as over HTTP/1.1.
   */
  private onSession(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.session.dispatch({ ...options, idempotent: true }, handler);
  }

  private h1(): Pool {
    this.h1Pool ??= this.forward(
      new Pool(this.origin, {
        connections: this.options.connections ?? null,
        keepAliveTimeout: this.options.keepAliveTimeout,
        connect: this.options.connect ?? {},
      }),
    );
    return this.h1Pool;
  }

  /** The Agent counts an origin's connections by these events (and closes the origin at zero). */
  private forward<D extends Dispatcher>(child: D): D {
    for (const event of ['connect', 'disconnect', 'connectionError', 'drain'])
      (child as NodeJS.EventEmitter).on(event, (origin: URL, targets: Dispatcher[] = [], error?: Error) =>
        (this as NodeJS.EventEmitter).emit(event, origin, [this, ...targets], error),
      );
    return child;
  }
}
