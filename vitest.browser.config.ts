import { defineConfig } from 'vitest/config';

/** `npm run test:browser`: GraphiQL in Chromium (test-browser/), kept out of `npm test`; `.ci/run` runs both. */
export default defineConfig({
  test: {
    include: ['test-browser/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
