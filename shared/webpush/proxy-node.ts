// The `proxy` option on the Node entry: undici's ProxyAgent for a proxy URL, or its EnvHttpProxyAgent for
// 'env' (HTTPS_PROXY for https: endpoints, HTTP_PROXY for http:, NO_PROXY bypasses; lower-case names too).
// One agent per proxy (and per environment), kept, so its tunnels are reused across pushes.
import { EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from 'undici';
import { WebPushValidationError } from './errors.ts';
import type { TransportOptions } from './send-core.ts';

const agents = new Map<string, Dispatcher>();

export function proxyDispatcher(proxy: string): Dispatcher {
  const key = proxy === 'env' ? `env ${envKey()}` : proxy;
  let agent = agents.get(key);
  if (!agent) {
    agent = proxy === 'env' ? new EnvHttpProxyAgent() : new ProxyAgent(checkProxyUrl(proxy));
    agents.set(key, agent);
  }
  return agent;
}

/** The options with `proxy` turned into a dispatcher, unless the caller chose how to send already. */
export function withProxy<O extends TransportOptions & { proxy?: string }>(options: O): O {
  if (options.proxy === undefined || options.dispatcher || options.fetch || options.transport) return options;
  if (options.http2 === true)
    throw new WebPushValidationError(
      'http2',
      'cannot be combined with proxy (pushes through a proxy go over HTTP/1.1): drop one of the two',
    );
  return { ...options, dispatcher: proxyDispatcher(options.proxy) };
}

/** True when the environment names a proxy (the CLI then sends through it). */
export function proxyInEnvironment(): boolean {
  const env = process.env;
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

function envKey(): string {
  const env = process.env;
  return [
    env.HTTPS_PROXY ?? env.https_proxy,
    env.HTTP_PROXY ?? env.http_proxy,
    env.NO_PROXY ?? env.no_proxy,
  ].join('|');
}

function checkProxyUrl(proxy: string): string {
  let url: URL;
  try {
    url = new URL(proxy);
  } catch {
    throw new WebPushValidationError(
      'proxy',
      `must be 'env' or a proxy URL like http://127.0.0.1:3128, got "${proxy}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new WebPushValidationError('proxy', `must be an http: or https: URL, got ${url.protocol}`);
  return proxy;
}
