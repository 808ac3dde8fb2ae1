/**
 * Run by the benchmark with --expose-gc: the facade app in this process (real mode, against the
 * sandbox given in FEISHU_BASE_URL), under rounds of the sync mutation load at concurrency 32.
 * After each round it collects garbage and prints the heap in use as a JSON line: a leak shows
 * as a heap that keeps growing; RSS alone moves with the allocator and says little.
 */
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { startRuntime } from '../src/runtime.js';
import { SYNC_MUTATION, syncVariables } from './lib/payloads.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const rounds = Number(process.env.ROUNDS ?? 4);
const roundMs = Number(process.env.ROUND_MS ?? 4000);
const runtime = await startRuntime(loadConfig(), silentLogger);
process.stdout.write('ready\n');
let sequence = 0;
const run = `heap-${Date.now()}`;
for (let round = 1; round <= rounds; round += 1) {
  const end = Date.now() + roundMs;
  const worker = async () => {
    while (Date.now() < end) {
      const response = await runtime.yoga.fetch('http://facade/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: SYNC_MUTATION, variables: syncVariables(sequence++, run) }),
      });
      await response.text();
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  gc();
  await new Promise((resolve) => setTimeout(resolve, 100));
  gc();
  const memory = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ round, requests: sequence, heapMiB: memory.heapUsed / 1048576, rssMiB: memory.rss / 1048576 })}\n`);
}
await runtime.close();
process.stdout.write('done\n');
