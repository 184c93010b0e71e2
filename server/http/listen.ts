import { serve, type ServerType } from '@hono/node-server';
import type { ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpTimeouts {
  /** HTTP_REQUEST_TIMEOUT: the whole request, headers and body, must arrive within this. */
  requestTimeoutMs: number;
  /** HTTP_HEADERS_TIMEOUT: the request line and headers must arrive within this. */
  headersTimeoutMs: number;
  /** HTTP_KEEP_ALIVE_TIMEOUT: an idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
}

/** Where to listen: `config.port`, `config.host` (undefined: every interface) and `config.http`. */
export interface ListenOptions {
  port: number;
  host: string | undefined;
  http: HttpTimeouts;
}

/**
 * Node's defaults let a client hold a connection for five minutes by trickling a body in (requestTimeout
 * 300 s). The API takes bodies of at most 64 KB, which a slow phone sends in well under the defaults here.
 * Node checks the request and headers deadlines every `connectionsCheckingInterval` (30 s by default), so
 * that runs each second to cut a client off close to its deadline.
 */
export function httpServerOptions(timeouts: HttpTimeouts): ServerOptions {
  return {
    requestTimeout: timeouts.requestTimeoutMs,
    headersTimeout: timeouts.headersTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, timeouts.headersTimeoutMs),
  };
}

/** Starts the HTTP server for `fetch` with the configured address and timeouts. */
export function listen(
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>,
  config: ListenOptions,
  onListening?: (address: AddressInfo) => void,
): ServerType {
  return serve(
    { fetch, port: config.port, hostname: config.host, serverOptions: httpServerOptions(config.http) },
    onListening,
  );
}
