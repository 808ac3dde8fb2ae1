/**
 * Run by the benchmark: the mirror reads (measureReads) in a process of their own, so that they
 * do not run in a heap the earlier phases' load generators filled (their clients, their latency
 * samples), which slowed the GraphQL path more than the hand-written SQL. Prints the result as
 * one JSON line.
 */
import { measureReads } from './lib/reads.js';

const path = process.env.READS_PATH;
const seed = Number(process.env.READS_SEED);
const durationMs = Number(process.env.READS_MS);
const rounds = Number(process.env.READS_ROUNDS ?? 1);
const warmupMs = Number(process.env.READS_WARMUP_MS ?? 0);
if (!path || !(seed > 0) || !(durationMs > 0) || !(Number.isInteger(rounds) && rounds >= 1) || !(warmupMs >= 0)) throw new Error('READS_PATH, READS_SEED and READS_MS are required (READS_ROUNDS, READS_WARMUP_MS: optional)');
const measured = await measureReads(path, seed, durationMs, rounds, warmupMs);
process.stdout.write(`${JSON.stringify(measured)}\n`);
