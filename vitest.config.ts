import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * The tests that read or write the mirror: the `postgres` project runs them again on PostgreSQL
 * (test/support/database.ts picks the engine). Those on what only SQLite has (its migrations,
 * FTS5, the WAL, its query plans) are in files of their own, run on SQLite alone.
 */
const MIRROR_TESTS = [
  'test/approval-definition.test.ts',
  'test/center-native.test.ts',
  'test/compiled-operations.test.ts',
  'test/create-instance.test.ts',
  'test/e2e.test.ts',
  'test/events.test.ts',
  'test/form-check.test.ts',
  'test/loaders.test.ts',
  'test/metrics.test.ts',
  'test/mirror.test.ts',
  'test/postgres.test.ts',
  'test/queries.test.ts',
  'test/readiness.test.ts',
  'test/replicas.test.ts',
  'test/sandbox-state.test.ts',
  'test/translate.test.ts',
];

/** Only PostgreSQL has something to test in these. */
const POSTGRES_ONLY = ['test/postgres.test.ts', 'test/replicas.test.ts'];

export default defineConfig({
  resolve: {
    // One graphql in the process: Node loads graphql's CommonJS entry for Yoga and Pothos, so
    // our own imports must get the same file, or `instanceof GraphQLError` fails across copies.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // Generous: the suite must pass on a slow, busy machine. Nothing here is a timing assertion.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'], exclude: POSTGRES_ONLY, env: { MIRROR_ENGINE: 'sqlite' } } },
      {
        extends: true,
        test: { name: 'postgres', include: MIRROR_TESTS, env: { MIRROR_ENGINE: 'postgres' }, globalSetup: ['test/support/postgres-setup.ts'] },
      },
    ],
  },
});
