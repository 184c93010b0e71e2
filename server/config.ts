import { z } from 'zod';
import type { HttpTimeouts } from './http/listen.ts';
import { databaseEnvFields, toDatabaseConfig, type LeaseConfig } from './database-env.ts';
import type { DatabaseConfig } from './db/open-store.ts';
import { booleanWord, envText } from './env-values.ts';
import { proxyEnvFields, toPushProxyConfig } from './proxy-env.ts';
import type { PushProxyConfig } from './push/push-proxy.ts';
import { securityEnvFields, toSecurityConfig } from './security-env.ts';
import type { SecurityConfig } from './security/settings.ts';

/** Everything the server reads from the environment, parsed once at start-up. */
export interface Config {
  port: number;
  /** Interface to listen on; undefined listens on all of them. */
  host: string | undefined;
  /** DATABASE_URL's Postgres (several instances may share it), else the SQLite file at DATABASE_PATH. */
  database: DatabaseConfig;
  /** FANOUT_LEASE, FANOUT_LEASE_RENEW: how instances share the deliveries of a message. */
  leases: LeaseConfig;
  vapid: {
    /** base64url 65-byte point; must match the private key when both are set. */
    publicKey: string | undefined;
    /** Any form `loadVapidKey` accepts (PEM, DER, raw base64url scalar). */
    privateKey: string | undefined;
    subject: string;
  };
  adminToken: string | undefined;
  /** Origins (e.g. "http://127.0.0.1:8081") whose plain-http endpoints subscriptions may use. */
  allowHttpEndpoints: string[];
  publicDir: string;
  nodeEnv: 'development' | 'production' | 'test';
  /** Endpoint policy, rate limits, proxy trust, device cap (see SECURITY.md). */
  security: SecurityConfig;
  /** How long the HTTP server waits for a client (see server/http/listen.ts). */
  http: HttpTimeouts;
  /** RECEIPTS: pushes carry a receipt token and the receipt endpoint records (off: neither). */
  receipts: boolean;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY: the egress proxy for pushes; null sends them direct. */
  pushProxy: PushProxyConfig | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A duration in whole seconds, 1 to 3600, read as milliseconds. */
const seconds = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a number of seconds' })
    .int({ error: 'must be a whole number of seconds' })
    .min(1, { error: 'must be between 1 and 3600 seconds' })
    .max(3600, { error: 'must be between 1 and 3600 seconds' })
    .default(fallback)
    .transform((value) => value * 1000);

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be between 1 and 65535' })
    .max(65535, { error: 'must be between 1 and 65535' })
    .default(3000),
  HOST: envText,
  VAPID_PUBLIC_KEY: envText,
  VAPID_PRIVATE_KEY: envText,
  VAPID_SUBJECT: envText
    .transform((value) => value ?? 'mailto:admin@example.com')
    .refine((value) => /^mailto:[^@\s]+@[^@\s]+$/.test(value) || isHttpsUrl(value), {
      error: 'must be a mailto: address or an https: URL (e.g. mailto:you@example.com)',
    }),
  ADMIN_TOKEN: envText.refine((value) => value === undefined || value.length >= 16, {
    error: 'must be at least 16 characters (or unset it to have one generated)',
  }),
  ALLOW_HTTP_ENDPOINTS: envText.transform((value, ctx) => parseOrigins(value, ctx)),
  PUBLIC_DIR: envText.transform((value) => value ?? 'dist/web'),
  NODE_ENV: envText.pipe(
    z
      .enum(['development', 'production', 'test'], { error: 'must be development, production or test' })
      .default('development'),
  ),
  HTTP_REQUEST_TIMEOUT: seconds(30),
  HTTP_HEADERS_TIMEOUT: seconds(10),
  HTTP_KEEP_ALIVE_TIMEOUT: seconds(5),
  RECEIPTS: envText.transform((value, ctx) => {
    const on = value === undefined ? true : booleanWord(value);
    if (on === undefined) ctx.addIssue({ code: 'custom', message: `must be on or off (got "${value}")` });
    return on ?? true;
  }),
  ...securityEnvFields,
  ...databaseEnvFields,
  ...proxyEnvFields,
});

/** Parses the environment; throws a ConfigError that names the variable and says how to fix it. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`Invalid configuration (environment variables):\n${lines.join('\n')}`);
  }
  const e = result.data;
  if (e.VAPID_PUBLIC_KEY && !e.VAPID_PRIVATE_KEY) {
    throw new ConfigError(
      'Invalid configuration: VAPID_PUBLIC_KEY is set without VAPID_PRIVATE_KEY. Set both, or only VAPID_PRIVATE_KEY (the public key is derived from it), or neither (a key pair is generated and stored).',
    );
  }
  if (e.HTTP_HEADERS_TIMEOUT > e.HTTP_REQUEST_TIMEOUT) {
    throw new ConfigError(
      `Invalid configuration: HTTP_HEADERS_TIMEOUT (${e.HTTP_HEADERS_TIMEOUT / 1000} s) must not be longer than HTTP_REQUEST_TIMEOUT (${e.HTTP_REQUEST_TIMEOUT / 1000} s), which covers the headers too.`,
    );
  }
  const database = toDatabaseConfig(e);
  if (typeof database === 'string') throw new ConfigError(`Invalid configuration: ${database}.`);
  return {
    port: e.PORT,
    host: e.HOST,
    ...database,
    vapid: { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY, subject: e.VAPID_SUBJECT },
    adminToken: e.ADMIN_TOKEN,
    allowHttpEndpoints: e.ALLOW_HTTP_ENDPOINTS,
    publicDir: e.PUBLIC_DIR,
    nodeEnv: e.NODE_ENV,
    security: toSecurityConfig(e, e.NODE_ENV),
    http: {
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT,
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT,
    },
    receipts: e.RECEIPTS,
    pushProxy: toPushProxyConfig(e),
  };
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function parseOrigins(value: string | undefined, ctx: z.RefinementCtx): string[] {
  if (!value) return [];
  const origins: string[] = [];
  for (const item of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    let url: URL | undefined;
    try {
      url = new URL(item);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'http:' || url.origin !== item.replace(/\/$/, '')) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a comma-separated list of http origins like http://127.0.0.1:8081 (got "${item}")`,
      });
      return [];
    }
    origins.push(url.origin);
  }
  return origins;
}
