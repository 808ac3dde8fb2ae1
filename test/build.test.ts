import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_QUERY, EXAMPLE_SYNC_MUTATION } from '../src/examples.js';
import { freePort } from './support/ports.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Polls /healthz until it answers 200; rejects if the server exits first. */
async function healthy(origin: string, exited: Promise<unknown>): Promise<number> {
  let gone = false;
  void exited.then(() => (gone = true));
  while (!gone) {
    try {
      const response = await request(`${origin}/healthz`);
      await response.body.dump();
      if (response.statusCode === 200) return response.statusCode;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server exited before /healthz answered');
}

/** Production as the README runs it: `npm run build`, then `NODE_ENV=production node dist/server.js`. */
describe('the build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'feishu-facade-build-'));
  let child: ChildProcess | undefined;
  let output = '';

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child?.once('exit', resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('compiles src/ to dist/, whose server migrates its mirror, serves /healthz and GraphQL in sandbox mode, and stops on SIGTERM', {
    timeout: 180_000,
  }, async () => {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, `${build.stdout}${build.stderr}`).toBe(0);
    expect(existsSync(join(ROOT, 'dist/server.js'))).toBe(true);

    const port = await freePort();
    child = spawn(process.execPath, ['dist/server.js'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: join(dir, 'mirror.sqlite'), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const running = child;
    const exited = new Promise<number | null>((resolve) => running.once('exit', (code) => resolve(code)));

    const origin = `http://127.0.0.1:${port}`;
    expect(await healthy(origin, exited).catch((error: Error) => `${error.message}:\n${output}`)).toBe(200);

    const post = async (query: string) => {
      const response = await request(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      return (await response.body.json()) as { data: Record<string, unknown> };
    };
    expect((await post(EXAMPLE_SYNC_MUTATION)).data.syncExternalInstance).toMatchObject({ __typename: 'SyncExternalInstancePayload', applied: true });
    expect((await post(EXAMPLE_QUERY)).data.externalInstance).toMatchObject({ titleEn: 'Leave request' });

    running.kill('SIGTERM');
    expect(await exited, output).toBe(0);
  });
});
