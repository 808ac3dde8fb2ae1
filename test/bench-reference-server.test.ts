import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facadeContender } from '../bench/lib/contenders.js';
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
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/reference-server.ts'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { PATH: process.env.PATH, REFERENCE: 'facade-without-yoga', SANDBOX: sandboxOrigin, DATABASE_URL: mirror, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const origin = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /at (http:\/\/\S+)\/graphql/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      void exited.then((code) => reject(new Error(`the reference server exited with ${code}: ${output}`)));
    });
    // It syncs an instance into its mirror, whose WAL then holds it.
    const contender = facadeContender(origin, 'sync', 'signal');
    await contender.send(1);
    await contender.close();
    expect(sandbox.externalInstances.size).toBe(1);
    expect(statSync(`${mirror}-wal`).size).toBeGreaterThan(0);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(statSync(`${mirror}-wal`, { throwIfNoEntry: false })?.size ?? 0).toBe(0);
  });
});
