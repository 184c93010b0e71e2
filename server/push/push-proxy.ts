// The egress proxy the server's pushes go through (HTTPS_PROXY / HTTP_PROXY / NO_PROXY, parsed by
// server/proxy-env.ts). The routing rules are undici's EnvHttpProxyAgent's, which push-agent.ts builds.

/** Where pushes go when the environment names a proxy. */
export interface PushProxyConfig {
  /** Proxy URL for https: endpoints (HTTPS_PROXY); unset: they use httpProxy. */
  httpsProxy: string | undefined;
  /** Proxy URL for http: endpoints, and for https: ones without httpsProxy (HTTP_PROXY); unset: http: goes direct. */
  httpProxy: string | undefined;
  /** NO_PROXY as given: hosts (and `host:port`, `.domain`, `*`) reached directly, with the guarded lookup. */
  noProxy: string;
}

/** The boot line: which proxy carries which pushes, by origin only (never a user name or password). */
export function describePushProxy(proxy: PushProxyConfig): string {
  const https = proxy.httpsProxy ?? proxy.httpProxy;
  const http = proxy.httpProxy;
  let route: string;
  if (https && http && originOf(https) === originOf(http)) {
    route = `Pushes go through the proxy ${originOf(https)}`;
  } else if (https && http) {
    route = `Pushes go through the proxy ${originOf(https)} (https: endpoints) and ${originOf(http)} (http: endpoints)`;
  } else {
    route = `Pushes to https: endpoints go through the proxy ${originOf(https!)} (http: endpoints go direct)`;
  }
  const direct = noProxyHosts(proxy.noProxy);
  return direct.length > 0 ? `${route}; NO_PROXY hosts go direct: ${direct.join(', ')}` : route;
}

/** The host names of NO_PROXY, as undici splits them (commas or white space). */
function noProxyHosts(noProxy: string): string[] {
  return noProxy.split(/[,\s]/).filter(Boolean);
}

function originOf(url: string): string {
  return new URL(url).origin;
}
