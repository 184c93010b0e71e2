import { serve, type ServerType } from '@hono/node-server';
import type { ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config, HttpTimeouts } from '../config.ts';

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
  config: Pick<Config, 'port' | 'host' | 'http'>,
  onListening?: (address: AddressInfo) => void,
): ServerType {
  return serve(
    { fetch, port: config.port, hostname: config.host, serverOptions: httpServerOptions(config.http) },
    onListening,
  );
}
