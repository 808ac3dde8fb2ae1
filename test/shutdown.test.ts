import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Mirror } from '../src/mirror/mirror.js';
import { externalInstances } from '../src/mirror/tables.js';
import { FeishuSandbox, PATHS } from '../src/sandbox/sandbox.js';
import { SYNC, type SyncResult, syncInput } from './support/fixtures.js';
import { rowsOf } from './support/mirror.js';
import { type FacadeProcess, facadeEnv, post, startFacade } from './support/processes.js';

/**
 * The server's shutdown, on a real child process (real mode) against a sandbox in this process
 * whose answer to a sync is held until the test lets it go: a slow Feishu, without timing.
 */
const folder = mkdtempSync(join(tmpdir(), 'shutdown-'));
let facade: FacadeProcess | undefined;
let sandbox: FeishuSandbox | undefined;
afterEach(async () => {
  await facade?.kill();
  await sandbox?.close();
  facade = undefined;
  sandbox = undefined;
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Resolves with the error code of a new TCP connection to the facade's port: ECONNREFUSED once it stopped listening. */
function connectionOutcome(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Resolves once the facade has written `text` (stdout or stderr). */
function printed(target: FacadeProcess, text: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (target.output().includes(text)) resolve();
    };
    target.process.stdout?.on('data', check);
    target.process.stderr?.on('data', check);
    check();
  });
}

/** A sandbox that holds the next sync call until `release()`; `arrived` resolves when the call has come. */
async function slowSandbox() {
  const feishu = (sandbox = new FeishuSandbox());
  const origin = await feishu.listen(0);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const callArrived = new Promise<void>((resolve) => (arrived = resolve));
  feishu.faults.push({
    path: PATHS.externalInstances,
    holdCall: () => {
      arrived();
      return released;
    },
  });
  return { origin, release, callArrived };
}

describe('a shutdown signal', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s: a sync waiting on Feishu gets its whole answer, new connections are refused, the push is mirrored, exit 0',
    { timeout: 120_000 },
    async (signal) => {
      const { origin, release, callArrived } = await slowSandbox();
      const mirrorPath = join(folder, `${signal}.sqlite`);
      const running = (facade = await startFacade(facadeEnv(origin, mirrorPath, { LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '120000' })));

      const sync = post<SyncResult>(running.url, SYNC, { input: syncInput({ instanceId: `drained-${signal}` }) });
      await callArrived;
      const shuttingDown = printed(running, 'shutting down');
      running.process.kill(signal);
      await shuttingDown;

      expect(await connectionOutcome(running.url)).toBe('ECONNREFUSED');
      expect(running.process.exitCode).toBeNull();

      release();
      const answer = await sync;
      expect(answer.errors).toBeUndefined();
      expect(answer.data.syncExternalInstance).toMatchObject({
        __typename: 'SyncExternalInstancePayload',
        applied: true,
        instance: { instanceId: `drained-${signal}`, status: 'PENDING' },
      });
      expect(await running.exited).toBe(0);
      expect(running.output()).toContain('stopped: the mirror is closed');

      const mirror = await Mirror.open({ path: mirrorPath });
      try {
        expect((await rowsOf(mirror, externalInstances)).map((row) => row.instanceId)).toEqual([`drained-${signal}`]);
      } finally {
        await mirror.close();
      }
    },
  );

  it('cuts the requests still in flight at SHUTDOWN_TIMEOUT_MS, says how many, and still exits 0', { timeout: 120_000 }, async () => {
    const { origin, release, callArrived } = await slowSandbox();
    const running = (facade = await startFacade(facadeEnv(origin, join(folder, 'cut.sqlite'), { LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '0' })));

    const sync = post<SyncResult>(running.url, SYNC, { input: syncInput({ instanceId: 'cut' }) }).then(
      () => 'answered',
      () => 'cut',
    );
    await callArrived;
    const cutOff = printed(running, 'cut off');
    running.process.kill('SIGTERM');
    await cutOff;
    expect(await sync).toBe('cut');
    // The Feishu call already sent is let finish before the client closes.
    release();
    expect(await running.exited).toBe(0);
    const warning = running
      .output()
      .split('\n')
      .find((line) => line.includes('cut off'));
    expect(JSON.parse(warning!)).toMatchObject({ level: 'warn', cut: 1 });
  });
});
