import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Mirror } from '../src/mirror/mirror.js';
import { type TestApp, startTestApp } from './support/app.js';
import { CREATE, type CreateResult, leaveInput } from './support/create-fixtures.js';
import { type TestDatabase, testDatabase } from './support/database.js';
import { migrationCount, onServer } from './support/postgres-server.js';
import { freePort } from './support/ports.js';

/** What only the PostgreSQL engine has: its migrations under a lock, its start-up errors, limits shared through it. */
describe('the PostgreSQL engine', () => {
  const baseUrl = inject('postgresBaseUrl');

  it('migrates an empty database once when several engines open it at once', async () => {
    const name = `empty_${randomBytes(4).toString('hex')}`;
    await onServer(baseUrl, [`CREATE DATABASE ${name}`]);
    try {
      const mirrors = await Promise.all([1, 2, 3].map(() => Mirror.open({ url: `${baseUrl}${name}`, poolSize: 2 })));
      const [row] = await mirrors[0]!.engine.all<{ n: number }>(sql`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`);
      expect(row?.n).toBe(migrationCount());
      await Promise.all(mirrors.map((mirror) => mirror.close()));
    } finally {
      await onServer(baseUrl, [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
    }
  });

  it('a server whose database cannot be reached says why in one line, without the password, and exits non-zero', async () => {
    const url = `postgres://mirror:s3cret-password@127.0.0.1:${await freePort()}/mirror`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { PATH: process.env.PATH, PORT: '0', DATABASE_URL: url, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(output.trim().split('\n')).toEqual([
      expect.stringMatching(/^Database error: cannot connect to postgres:\/\/mirror:\*\*\*@127\.0\.0\.1:\d+\/mirror: .*ECONNREFUSED/),
    ]);
    expect(output).not.toContain('s3cret-password');
  });

  describe('two apps on one database', () => {
    let database: TestDatabase;
    const apps: TestApp[] = [];
    beforeAll(async () => {
      database = await testDatabase();
      const env = { DATABASE_URL: database.url, FEISHU_RATE_CREATE_PER_MINUTE: '2', FEISHU_RATE_MAX_WAIT_MS: '0' };
      apps.push(await startTestApp({ env }), await startTestApp({ env }));
    });
    afterAll(async () => {
      for (const app of apps) await app.close();
      await database.drop();
    });

    it("share Feishu's rate budget: the limit holds for both together", async () => {
      const create = async (app: TestApp, uuid: string) => (await app.gql<CreateResult>(CREATE, { input: leaveInput({ uuid }) })).data.createInstance;
      expect(await create(apps[0]!, 'shared-1')).toMatchObject({ __typename: 'CreateInstancePayload' });
      expect(await create(apps[1]!, 'shared-2')).toMatchObject({ __typename: 'CreateInstancePayload' });
      for (const app of apps)
        expect(await create(app, `shared-3-${apps.indexOf(app)}`)).toMatchObject({ __typename: 'RateLimitedError', code: 'RATE_LIMITED' });
    });
  });
});
