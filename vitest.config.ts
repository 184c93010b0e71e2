import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run the library's TypeScript sources, not its build (see shared/webpush/package.json).
  ssr: { resolve: { conditions: ['webpush-source', ...defaultServerConditions] } },
  test: {
    include: [
      'shared/**/*.test.ts',
      'server/**/*.test.ts',
      'push-service/**/*.test.ts',
      'web/**/*.test.ts',
      'bin/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    testTimeout: 20_000,
    pool: 'forks',
    // TEST_DATABASE_URL, or a private PostgreSQL for this run, for the tests that need one.
    globalSetup: ['server/testing/postgres-global-setup.ts'],
  },
});
