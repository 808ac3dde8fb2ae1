import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CREATE_MUTATION, EXAMPLE_QUERY, EXAMPLE_SYNC_MUTATION } from '../src/examples.js';

/** `npm start` as a newcomer runs it: no credentials, a file mirror, a real port. */
describe('the server process in sandbox mode', () => {
  let child: ChildProcess;
  let url: string;
  let stdout = '';
  const dir = mkdtempSync(join(tmpdir(), 'feishu-facade-'));

  beforeAll(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { PATH: process.env.PATH, PORT: '0', DATABASE_URL: `file:${join(dir, 'mirror.sqlite')}`, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /GraphiQL at (http:\/\/\S+\/graphql)/.exec(stdout);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stdout}`)));
    });
  });

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (query: string) => {
    const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    return (await response.body.json()) as { data: Record<string, unknown> };
  };

  it('says loudly that it runs against the sandbox', () => {
    expect(stdout).toContain('SANDBOX MODE');
  });

  it('runs the README example mutation and query', async () => {
    const synced = await post(EXAMPLE_SYNC_MUTATION);
    expect(synced.data.syncExternalInstance).toMatchObject({ __typename: 'SyncExternalInstancePayload', applied: true });
    const read = await post(EXAMPLE_QUERY);
    expect(read.data.externalInstance).toMatchObject({ titleEn: 'Leave request', titleZh: '请假申请' });
    const created = await post(EXAMPLE_CREATE_MUTATION);
    expect(created.data.createInstance).toMatchObject({ __typename: 'CreateInstancePayload', instance: { intentState: 'CREATED' } });
  });

  it('serves GraphiQL and /healthz', async () => {
    const page = await request(url, { headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(await page.body.text()).toContain('GraphiQL');
    const health = await request(url.replace('/graphql', '/healthz'));
    expect(health.statusCode).toBe(200);
    await health.body.dump();
  });

  it('shuts down cleanly on SIGTERM, even sent twice (npm and tsx pass a signal on too): the mirror is closed, its WAL folded in', async () => {
    const shuttingDown = new Promise<void>((resolve) => child.stderr?.on('data', (chunk: Buffer) => chunk.toString().includes('shutting down') && resolve()));
    child.kill('SIGTERM');
    await shuttingDown;
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(statSync(join(dir, 'mirror.sqlite-wal'), { throwIfNoEntry: false })?.size ?? 0).toBe(0);
  });
});
