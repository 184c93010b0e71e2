import type { TestProject } from 'vitest/node';
import { POSTGRES_BIN, postgresInstalled, startPostgresCluster } from '../../scripts/postgres-cluster.ts';

/** What the Postgres tests get through `inject('postgres')`: a server to use, or why there is none. */
export type PostgresForTests = { url: string; reason: null } | { url: null; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresForTests;
  }
}

/**
 * Vitest globalSetup: TEST_DATABASE_URL when set (CI, or your own server: a role that may create
 * databases, as each test file makes its own), else a private PostgreSQL 15 started for this run in a
 * temporary folder (about 2 s) and removed at the end. DATABASE_URL is never used: tests create and drop
 * databases, which must not happen on the app's own.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv) {
    project.provide('postgres', { url: fromEnv, reason: null });
    return undefined;
  }
  if (!postgresInstalled()) {
    project.provide('postgres', {
      url: null,
      reason: `TEST_DATABASE_URL is not set and PostgreSQL is not installed in ${POSTGRES_BIN} (apt-get install postgresql, or set POSTGRES_BIN)`,
    });
    return undefined;
  }
  try {
    const cluster = await startPostgresCluster();
    project.provide('postgres', { url: cluster.url, reason: null });
    return () => cluster.stop();
  } catch (error) {
    project.provide('postgres', {
      url: null,
      reason: `could not start a private PostgreSQL: ${(error as Error).message}`,
    });
    return undefined;
  }
}
