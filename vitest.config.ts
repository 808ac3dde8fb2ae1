import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql in the process: Node loads graphql's CommonJS entry for Yoga and Pothos, so
    // our own imports must get the same file, or `instanceof GraphQLError` fails across copies.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: the suite must pass on a slow, busy machine. Nothing here is a timing assertion.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
