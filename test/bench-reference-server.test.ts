import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facadeContender } from '../bench/lib/contenders.js';
import { startNode } from '../bench/lib/processes.js';
import { FeishuSandbox } from '../src/sandbox/sandbox.js';

// The benchmark stops its reference servers with SIGTERM; one that only died of the signal would
// leave its mirror's WAL unfolded and write no `--cpu-prof` profile.
describe('a reference server process of the benchmark (bench/reference-server.ts)', () => {
  const sandbox = new FeishuSandbox();
  let sandboxOrigin: string;
  const dir = mkdtempSync(join(tmpdir(), 'feishu-reference-'));

  beforeAll(async () => {
    sandboxOrigin = await sandbox.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('closes on SIGTERM, its mirror included, and exits with 0', async () => {
    const mirror = join(dir, 'mirror.sqlite');
    const { child, match } = await startNode(
      'bench/reference-server.ts',
      { REFERENCE: 'facade-without-yoga', SANDBOX: sandboxOrigin, DATABASE_URL: mirror, NODE_ENV: 'production' },
      /at (http:\/\/\S+)\/graphql/,
    );
    // It syncs an instance into its mirror, whose WAL then holds it.
    const contender = facadeContender(match[1]!, 'sync', 'signal');
    await contender.send(1);
    await contender.close();
    expect(sandbox.externalInstances.size).toBe(1);
    expect(statSync(`${mirror}-wal`).size).toBeGreaterThan(0);

    expect(await child.stop()).toBe(0);
    expect(statSync(`${mirror}-wal`, { throwIfNoEntry: false })?.size ?? 0).toBe(0);
  });
});
