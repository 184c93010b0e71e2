// The security variables of the environment (see SECURITY.md), parsed with the rest by config.ts.
import { z } from 'zod';
import { booleanWord, envFlag, envText } from './env-values.ts';
import { DEFAULT_PUSH_SERVICES } from './security/host-allowlist.ts';
import type { RateLimit, SecurityConfig } from './security/settings.ts';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

function rateLimit(fallback: string) {
  return envText.transform((value, ctx): RateLimit | null => {
    const spec = value ?? fallback;
    if (/^off$/i.test(spec)) return null;
    const match = /^(\d{1,9})\s*\/\s*(\d{1,6})?\s*([smh])$/i.exec(spec);
    const limit = Number(match?.[1]);
    const windowMs = Number(match?.[2] ?? 1) * (UNIT_MS[match?.[3]?.toLowerCase() ?? ''] ?? 0);
    if (!match || limit < 1 || windowMs < 1) {
      ctx.addIssue({
        code: 'custom',
        message: `must be "<requests>/<duration>" like 60/1m, 10/15m or 1000/1s, or "off" (got "${spec}")`,
      });
      return null;
    }
    return { limit, windowMs };
  });
}

const HOST_PATTERN = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/;

const allowlist = envText.transform((value, ctx): string[] | null | 'default' => {
  if (value === undefined) return 'default';
  const switched = booleanWord(value);
  if (switched === true) return [...DEFAULT_PUSH_SERVICES];
  if (switched === false) return null;
  const hosts = new Set<string>();
  for (const item of value.split(',').map((part) => part.trim().toLowerCase())) {
    if (item === 'default') DEFAULT_PUSH_SERVICES.forEach((host) => hosts.add(host));
    else if (HOST_PATTERN.test(item)) hosts.add(item);
    else {
      ctx.addIssue({
        code: 'custom',
        message: `must be on, off, or a comma-separated list of hosts like default,push.example.com,*.push.example.org (got "${item}")`,
      });
    }
  }
  return [...hosts];
});

/** The variables `loadConfig` merges into its schema. */
export const securityEnvFields = {
  ALLOW_PRIVATE_ENDPOINTS: envFlag,
  PUSH_SERVICE_ALLOWLIST: allowlist,
  MAX_DEVICES_PER_USER: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .default(20),
  TRUST_PROXY: envText.transform((value, ctx) => {
    if (value === undefined) return 0;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const switched = booleanWord(value);
    if (switched !== undefined) return switched ? 1 : 0;
    ctx.addIssue({
      code: 'custom',
      message: `must be 0 (no proxy), 1/true (one proxy) or the number of proxies in front (got "${value}")`,
    });
    return 0;
  }),
  RATE_LIMIT_SUBSCRIBE: rateLimit('60/1m'),
  RATE_LIMIT_TEST_PUSH: rateLimit('20/1m'),
  RATE_LIMIT_ADMIN_LOGIN: rateLimit('10/15m'),
  RATE_LIMIT_SIGN_IN: rateLimit('30/1m'),
  RATE_LIMIT_RECEIPTS: rateLimit('300/1m'),
};

type SecurityEnv = { [K in keyof typeof securityEnvFields]: z.output<(typeof securityEnvFields)[K]> };

/** Applies the mode's defaults: in production the push-service allowlist is on and hosts must resolve. */
export function toSecurityConfig(env: SecurityEnv, nodeEnv: string): SecurityConfig {
  const production = nodeEnv === 'production';
  const listed = env.PUSH_SERVICE_ALLOWLIST;
  return {
    allowPrivateEndpoints: env.ALLOW_PRIVATE_ENDPOINTS,
    pushServiceAllowlist: listed === 'default' ? (production ? [...DEFAULT_PUSH_SERVICES] : null) : listed,
    refuseUnresolvableHosts: production,
    maxDevicesPerUser: env.MAX_DEVICES_PER_USER,
    trustProxy: env.TRUST_PROXY,
    rateLimits: {
      subscribe: env.RATE_LIMIT_SUBSCRIBE,
      testPush: env.RATE_LIMIT_TEST_PUSH,
      adminLogin: env.RATE_LIMIT_ADMIN_LOGIN,
      signIn: env.RATE_LIMIT_SIGN_IN,
      receipts: env.RATE_LIMIT_RECEIPTS,
    },
  };
}
