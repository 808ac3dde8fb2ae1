import { parseArgs } from 'node:util';
import { fuzzSeed, startFuzzApp } from './app.js';
import { runFuzz } from './property.js';

/** `npm run fuzz -- --runs 20000 [--seed N]`: the test suite's fuzz properties, for longer. */
const { values } = parseArgs({ options: { runs: { type: 'string', default: '20000' }, seed: { type: 'string' } } });
const runs = Number(values.runs);
const seed = fuzzSeed(values.seed ?? process.env.FUZZ_SEED);
console.log(`fuzz seed ${seed}, ${runs} requests (replay: npm run fuzz -- --runs ${runs} --seed ${seed})`);
const app = await startFuzzApp();
try {
  const stats = await runFuzz(app, { seed, runs });
  console.log(`fuzz: ${stats.toString()}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await app.close();
}
