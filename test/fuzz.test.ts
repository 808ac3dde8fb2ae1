import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestApp } from './support/app.js';
import { fuzzSeed, startFuzzApp } from './fuzz/app.js';
import { runFuzz } from './fuzz/property.js';

/**
 * Property-based fuzzing (fast-check): requests built from the schema, valid, spoiled and
 * oversized, as JSON, form, multipart, GET and application/graphql bodies, and bodies of no
 * sense. `npm run fuzz -- --runs 20000` runs the same properties longer; FUZZ_SEED replays a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_200);

let app: TestApp;
beforeAll(async () => {
  app = await startFuzzApp();
});
afterAll(() => app.close());

it(`${RUNS} requests: no 5xx, no unmasked error, no mirror row from a refused request, /healthz answering after`, async () => {
  const seed = fuzzSeed();
  console.log(`fuzz seed ${seed} (replay: FUZZ_SEED=${seed} npm test -- test/fuzz.test.ts)`);
  const stats = await runFuzz(app, { seed, runs: RUNS });
  console.log(`fuzz: ${stats.toString()}`);
  expect(stats.requests).toBe(RUNS);
}, 600_000);
