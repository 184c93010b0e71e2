// The database variables of the environment, parsed with the rest by config.ts: DATABASE_URL picks Postgres
// (several instances may share it), else DATABASE_PATH names the embedded SQLite file (one instance).
import { z } from 'zod';
import type { DatabaseConfig } from './db/open-store.ts';
import { envText } from './env-values.ts';

/** How the fan-out shares deliveries between instances (see push/fanout.ts). */
export interface LeaseConfig {
  /** A claim's lease: past it, another instance takes the delivery over. */
  leaseMs: number;
  /** How often the leases of deliveries being sent are extended. */
  renewMs: number;
}

const wholeSeconds = (fallback: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number of seconds' })
    .int({ error: 'must be a whole number of seconds' })
    .min(1, { error: `must be between 1 and ${max} seconds` })
    .max(max, { error: `must be between 1 and ${max} seconds` })
    .default(fallback)
    .transform((value) => value * 1000);

const databaseUrl = envText.refine((value) => value === undefined || /^postgres(ql)?:\/\/./i.test(value), {
  error:
    'must be a Postgres URL, postgres://user:password@host:5432/database (or unset it for the SQLite file at DATABASE_PATH)',
});

/** The variables `loadConfig` merges into its schema. */
export const databaseEnvFields = {
  DATABASE_URL: databaseUrl,
  DATABASE_PATH: envText.transform((value) => value ?? 'data/webpush.db'),
  FANOUT_LEASE: wholeSeconds(30, 3600),
  FANOUT_LEASE_RENEW: wholeSeconds(10, 3600),
};

type DatabaseEnv = {
  DATABASE_URL: string | undefined;
  DATABASE_PATH: string;
  FANOUT_LEASE: number;
  FANOUT_LEASE_RENEW: number;
};

/** The parsed variables as config; the message of a bad pair names both variables. */
export function toDatabaseConfig(e: DatabaseEnv): { database: DatabaseConfig; leases: LeaseConfig } | string {
  if (e.FANOUT_LEASE_RENEW >= e.FANOUT_LEASE) {
    return `FANOUT_LEASE_RENEW (${e.FANOUT_LEASE_RENEW / 1000} s) must be shorter than FANOUT_LEASE (${e.FANOUT_LEASE / 1000} s), or a lease runs out between two renewals`;
  }
  const database: DatabaseConfig = e.DATABASE_URL
    ? { dialect: 'postgres', url: e.DATABASE_URL }
    : { dialect: 'sqlite', path: e.DATABASE_PATH };
  return { database, leases: { leaseMs: e.FANOUT_LEASE, renewMs: e.FANOUT_LEASE_RENEW } };
}
