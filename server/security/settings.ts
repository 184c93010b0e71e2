import { z } from 'zod';
import { DEFAULT_PUSH_SERVICES } from './host-allowlist.ts';

/** A token bucket: `limit` requests at once, refilled evenly over `windowMs`. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** The hardening knobs, parsed from the environment together with the rest of the config. */
export interface SecurityConfig {
  /** ALLOW_PRIVATE_ENDPOINTS: endpoints on loopback/private/link-local addresses are accepted (development). */
  allowPrivateEndpoints: boolean;
  /** PUSH_SERVICE_ALLOWLIST: host patterns endpoints must match, or null when the allowlist is off. */
  pushServiceAllowlist: string[] | null;
  /** Refuse endpoints whose host does not resolve (production); elsewhere the send-time check decides. */
  refuseUnresolvableHosts: boolean;
  /** MAX_DEVICES_PER_USER */
  maxDevicesPerUser: number;
  /** TRUST_PROXY: how many reverse proxies in front append to X-Forwarded-For (0: use the socket only). */
  trustProxy: number;
  /** RATE_LIMIT_*: null means no limit. */
  rateLimits: {
    subscribe: RateLimit | null;
    testPush: RateLimit | null;
    adminLogin: RateLimit | null;
    signIn: RateLimit | null;
  };
}

const text = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value ? value : undefined));

const flag = text.transform((value, ctx) => {
  if (value === undefined || /^(0|false|no|off)$/i.test(value)) return false;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  ctx.addIssue({ code: 'custom', message: `must be 1 or 0 (got "${value}")` });
  return false;
});

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

function rateLimit(fallback: string) {
  return text.transform((value, ctx): RateLimit | null => {
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

const allowlist = text.transform((value, ctx): string[] | null | 'default' => {
  if (value === undefined) return 'default';
  if (/^(on|1|true)$/i.test(value)) return [...DEFAULT_PUSH_SERVICES];
  if (/^(off|0|false)$/i.test(value)) return null;
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
  ALLOW_PRIVATE_ENDPOINTS: flag,
  PUSH_SERVICE_ALLOWLIST: allowlist,
  MAX_DEVICES_PER_USER: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .default(20),
  TRUST_PROXY: text.transform((value, ctx) => {
    if (value === undefined || /^(0|false|no)$/i.test(value)) return 0;
    if (/^(true|yes)$/i.test(value)) return 1;
    if (/^\d{1,2}$/.test(value)) return Number(value);
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
    },
  };
}
