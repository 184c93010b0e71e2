import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { databaseEnvFields, toDatabaseConfig } from './database-env.ts';

const parse = (env: Record<string, string>) => {
  const result = z.object(databaseEnvFields).safeParse(env);
  if (!result.success) return result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
  return toDatabaseConfig(result.data);
};

describe('database variables', () => {
  it('unset: the SQLite file at DATABASE_PATH (default data/webpush.db), leases of 30 s renewed every 10 s', () => {
    expect(parse({})).toEqual({
      database: { dialect: 'sqlite', path: 'data/webpush.db' },
      leases: { leaseMs: 30_000, renewMs: 10_000 },
    });
    expect(parse({ DATABASE_PATH: ' /srv/push.db ' })).toMatchObject({
      database: { dialect: 'sqlite', path: '/srv/push.db' },
    });
  });

  it('DATABASE_URL=postgres://... or postgresql://... selects Postgres', () => {
    expect(parse({ DATABASE_URL: 'postgres://kit:secret@db:5432/push' })).toMatchObject({
      database: { dialect: 'postgres', url: 'postgres://kit:secret@db:5432/push' },
    });
    expect(parse({ DATABASE_URL: 'postgresql://localhost/push', DATABASE_PATH: 'ignored.db' })).toMatchObject(
      {
        database: { dialect: 'postgres', url: 'postgresql://localhost/push' },
      },
    );
  });

  it('names the variable and the rule for a URL of another database, and for bad lease times', () => {
    expect(parse({ DATABASE_URL: 'mysql://localhost/push' })).toEqual([
      'DATABASE_URL must be a Postgres URL, postgres://user:password@host:5432/database (or unset it for the SQLite file at DATABASE_PATH)',
    ]);
    expect(parse({ FANOUT_LEASE: '0' })).toEqual(['FANOUT_LEASE must be between 1 and 3600 seconds']);
    expect(parse({ FANOUT_LEASE_RENEW: '1.5' })).toEqual([
      'FANOUT_LEASE_RENEW must be a whole number of seconds',
    ]);
    expect(parse({ FANOUT_LEASE: '5', FANOUT_LEASE_RENEW: '5' })).toBe(
      'FANOUT_LEASE_RENEW (5 s) must be shorter than FANOUT_LEASE (5 s), or a lease runs out between two renewals',
    );
    expect(parse({ FANOUT_LEASE: '3', FANOUT_LEASE_RENEW: '1' })).toMatchObject({
      leases: { leaseMs: 3000, renewMs: 1000 },
    });
  });
});
