import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RecordedCall, PATHS, SANDBOX_APP } from '../src/sandbox/sandbox.js';
import { CREATE, type CreateResult, leaveInput } from './support/create-fixtures.js';
import { READ, SYNC, type SyncResult, at, syncInput, taskInput } from './support/fixtures.js';
import { migrationCount, onServer } from './support/postgres-server.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The limits both facades are given: small, so that the load below goes past them. */
const LIMITS = { syncPerSecond: 10, syncPerMinute: 40, createPerMinute: 100, maxWaitMs: 2_500 };

/**
 * A call reaches the sandbox some time after its slot: the network, and each process's event
 * loop, busy with the requests that came together (more so on a loaded machine). The counts
 * below allow it this much: a window of a second counts the calls that arrived within 600 ms
 * of each other. Without shared limits each replica sends its whole budget in one burst as the
 * load comes, twice the limit within a few milliseconds, which this still counts.
 */
const ARRIVAL_JITTER_MS = 400;

/** How long the sandbox takes over each answer: long enough that requests sent together to both replicas are under way at once. */
const FEISHU_LATENCY_MS = 1_000;

/** Starts `node --import tsx <script>` and resolves with the first match of `ready` on its stdout. */
async function start(script: string, env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const match = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = ready.exec(output);
      if (found?.[1]) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${output}`)));
  });
  return { child, match, output: () => output };
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

/** The most calls that arrived within `windowMs` of one another. */
function busiest(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last += 1) {
    while (sorted[last]! - sorted[first]! >= windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/**
 * Two replicas behind a load balancer: one sandbox, one PostgreSQL database (empty: both
 * migrate it as they start together), two facade processes in real mode against the sandbox.
 */
describe('two facade processes on one PostgreSQL mirror', () => {
  let sandbox: ChildProcess | undefined;
  const facades: ChildProcess[] = [];
  let sandboxOrigin = '';
  const urls: string[] = [];
  const statuses: number[] = [];
  const database = `replicas_${randomBytes(4).toString('hex')}`;
  const baseUrl = inject('postgresBaseUrl');

  beforeAll(async () => {
    await onServer(baseUrl, [`CREATE DATABASE ${database}`]);
    const started = await start(
      'src/sandbox/standalone.ts',
      { SANDBOX_PORT: '0', SANDBOX_LATENCY_MS: String(FEISHU_LATENCY_MS) },
      /listening on (http:\/\/\S+)/,
    );
    sandbox = started.child;
    sandboxOrigin = started.match;
    const env = {
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: `${baseUrl}${database}`,
      DATABASE_POOL_SIZE: '5',
      FEISHU_APP_ID: SANDBOX_APP.appId,
      FEISHU_APP_SECRET: SANDBOX_APP.appSecret,
      FEISHU_BASE_URL: sandboxOrigin,
      FEISHU_LEGACY_BASE_URL: sandboxOrigin,
      FEISHU_RATE_SYNC_PER_SECOND: String(LIMITS.syncPerSecond),
      FEISHU_RATE_SYNC_PER_MINUTE: String(LIMITS.syncPerMinute),
      FEISHU_RATE_CREATE_PER_MINUTE: String(LIMITS.createPerMinute),
      FEISHU_RATE_MAX_WAIT_MS: String(LIMITS.maxWaitMs),
      FACADE_AUTH: 'off',
    };
    const replicas = await Promise.all([0, 1].map(() => start('src/server.ts', env, /GraphiQL at (http:\/\/\S+\/graphql)/)));
    for (const replica of replicas) {
      facades.push(replica.child);
      urls.push(replica.match);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(facades.map(stop));
    await stop(sandbox);
    await onServer(baseUrl, [`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
  });

  async function gql<T>(replica: number, query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await request(urls[replica]!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    statuses.push(response.statusCode);
    const body = (await response.body.json()) as { data: T; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  async function sandboxCalls(): Promise<RecordedCall[]> {
    const response = await request(`${sandboxOrigin}/__sandbox/calls`);
    return ((await response.body.json()) as { calls: RecordedCall[] }).calls;
  }

  it('migrated the empty database once, both starting at once', async () => {
    const client = new pg.Client({ connectionString: `${baseUrl}${database}` });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
      expect(rows[0]?.n).toBe(migrationCount());
    } finally {
      await client.end();
    }
  });

  // The sandbox's latency makes both attempts be under way at once: the second replica finds the
  // first's lease alive and waits for its outcome instead of sending.
  it('createInstance with one uuid sent to both: one Feishu create, one instance, the same answer', async () => {
    const uuids = Array.from({ length: 5 }, (_, n) => `replica-uuid-${n}`);
    const results = await Promise.all(uuids.flatMap((uuid) => [0, 1].map((replica) => gql<CreateResult>(replica, CREATE, { input: leaveInput({ uuid }) }))));
    const stats = (await (await request(`${sandboxOrigin}/__sandbox/stats`)).body.json()) as { instances: number; calls: Record<string, number> };
    expect(stats.instances).toBe(uuids.length);
    for (const [n, uuid] of uuids.entries()) {
      const pair = results.slice(2 * n, 2 * n + 2).map((result) => result.createInstance);
      const created = pair.filter((result) => result.__typename === 'CreateInstancePayload');
      expect(
        pair.map((result) => result.__typename),
        uuid,
      ).not.toContain('FeishuUuidConflictError');
      expect(created.length, uuid).toBeGreaterThan(0);
      expect(new Set(created.map((result) => result.instance!.instanceCode)).size, uuid).toBe(1);
    }
    // One Feishu create per uuid, whichever replica the request reached.
    expect(stats.calls[PATHS.instances]).toBe(uuids.length);
  });

  it('holds the sync rate limits across both, keeps the newest of shuffled UPDATE pushes, and loses no accepted push', async () => {
    const base = {
      approvalCode: 'REPLICAS',
      instanceId: 'shared',
      updateMode: 'REPLACE',
      updateTime: at(0),
      taskList: [taskInput(1, { updateTime: at(0) })],
      ccList: [],
    };
    expect((await gql<SyncResult>(0, SYNC, { input: syncInput(base) })).syncExternalInstance.__typename).toBe('SyncExternalInstancePayload');

    // UPDATE pushes of one instance, their update times shuffled, half to each replica at once.
    const versions = [7, 3, 12, 1, 9, 15, 4, 11, 2, 14, 6, 10, 5, 13, 8, 16];
    const updates = versions.map((version, n) =>
      gql<SyncResult>(n % 2, SYNC, {
        input: syncInput({
          ...base,
          updateMode: 'UPDATE',
          status: version % 2 ? 'PENDING' : 'APPROVED',
          updateTime: at(version),
          taskList: [taskInput(1, { updateTime: at(version) })],
        }),
      }),
    );
    // And other instances, more than the minute's budget holds, to both.
    const others = Array.from({ length: 30 }, (_, n) =>
      gql<SyncResult>(n % 2, SYNC, { input: syncInput({ approvalCode: 'REPLICAS', instanceId: `other-${n}`, updateTime: at(n) }) }),
    );
    const updateResults = (await Promise.all(updates)).map((result) => result.syncExternalInstance);
    const otherResults = (await Promise.all(others)).map((result) => result.syncExternalInstance);

    // Each push was taken, or refused by our limits with a retry time: never a 5xx.
    for (const result of [...updateResults, ...otherResults]) expect(['SyncExternalInstancePayload', 'RateLimitedError']).toContain(result.__typename);
    expect(statuses.every((status) => status === 200)).toBe(true);
    const refused = [...updateResults, ...otherResults].filter((result) => result.__typename === 'RateLimitedError');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((result) => (result.retryAfter ?? 0) >= 1)).toBe(true);

    // The sandbox never saw more sync calls a second or a minute than the limits.
    const syncTimes = (await sandboxCalls()).filter((call) => call.path === PATHS.externalInstances).map((call) => call.at);
    // One call per accepted push: no refused push reached Feishu.
    expect(syncTimes.length).toBe(1 + [...updateResults, ...otherResults].filter((result) => result.__typename === 'SyncExternalInstancePayload').length);
    const arrivals = `arrivals (ms after the first): ${syncTimes
      .map((time) => time - Math.min(...syncTimes))
      .sort((a, b) => a - b)
      .join(' ')}`;
    expect(busiest(syncTimes, 1_000 - ARRIVAL_JITTER_MS), arrivals).toBeLessThanOrEqual(LIMITS.syncPerSecond);
    expect(busiest(syncTimes, 60_000 - ARRIVAL_JITTER_MS), arrivals).toBeLessThanOrEqual(LIMITS.syncPerMinute);

    // The newest accepted UPDATE won, on both replicas' reads.
    const acceptedVersions = versions.filter((_, n) => updateResults[n]!.__typename === 'SyncExternalInstancePayload');
    const newest = at(Math.max(0, ...acceptedVersions));
    for (const replica of [0, 1]) {
      const read = await gql<{ externalInstance: { updateTime: string; taskList: { updateTime: string }[] } }>(replica, READ, {
        approvalCode: 'REPLICAS',
        instanceId: 'shared',
      });
      expect(read.externalInstance.updateTime).toBe(newest);
      expect(read.externalInstance.taskList.map((task) => task.updateTime)).toEqual([newest]);
    }

    // Every accepted push of the other instances is in the mirror, read through either replica.
    for (const [n, result] of otherResults.entries()) {
      if (result.__typename !== 'SyncExternalInstancePayload') continue;
      const read = await gql<{ externalInstance: { instanceId: string; updateTime: string } | null }>(1 - (n % 2), READ, {
        approvalCode: 'REPLICAS',
        instanceId: `other-${n}`,
      });
      expect(read.externalInstance).toEqual(expect.objectContaining({ instanceId: `other-${n}`, updateTime: at(n) }));
    }
  });
});
