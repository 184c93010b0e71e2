// The egress proxy variables of the environment, parsed with the rest by config.ts. The names and their
// precedence are undici's EnvHttpProxyAgent's (the lower-case spelling wins when both are set); as
// everywhere in the server's environment, an empty value counts as unset.
import { envText } from './env-values.ts';
import type { PushProxyConfig } from './push/push-proxy.ts';

const proxyUrl = envText.superRefine((value, ctx) => {
  if (value !== undefined && !isProxyUrl(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `must be an http: or https: proxy URL like http://proxy.example:3128 (got "${withoutCredentials(value)}")`,
    });
  }
});

/** The variables `loadConfig` merges into its schema. */
export const proxyEnvFields = {
  HTTPS_PROXY: proxyUrl,
  https_proxy: proxyUrl,
  HTTP_PROXY: proxyUrl,
  http_proxy: proxyUrl,
  NO_PROXY: envText,
  no_proxy: envText,
};

type ProxyEnv = { [K in keyof typeof proxyEnvFields]: string | undefined };

/** The proxy pushes go through, or null when the environment names none (pushes go direct, as always). */
export function toPushProxyConfig(env: ProxyEnv): PushProxyConfig | null {
  const httpsProxy = env.https_proxy ?? env.HTTPS_PROXY;
  const httpProxy = env.http_proxy ?? env.HTTP_PROXY;
  if (!httpsProxy && !httpProxy) return null;
  return { httpsProxy, httpProxy, noProxy: env.no_proxy ?? env.NO_PROXY ?? '' };
}

function isProxyUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A proxy URL may carry a password: an error message shows the value with its user part masked. */
function withoutCredentials(value: string): string {
  return value.replace(/^([^/@]*\/\/)?[^@/]*@/, '$1***@');
}
