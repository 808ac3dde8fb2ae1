import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { SANDBOX_APP } from '../../src/sandbox/sandbox.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A facade server running as a child process (`node --import tsx src/server.ts`), as `npm start` runs it. */
export interface FacadeProcess {
  process: ChildProcess;
  /** Its GraphQL endpoint. */
  url: string;
  /** What it printed so far, stdout and stderr. */
  output(): string;
  /** Resolves with the exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** SIGKILL: no shutdown, no WAL folded in, requests cut off. */
  kill(): Promise<void>;
  /** SIGTERM: the server's own shutdown. */
  stop(): Promise<number | NodeJS.Signals | null>;
}

/**
 * The environment of a facade in real mode against a sandbox at `sandboxOrigin`, its mirror at
 * `databasePath`, on a free port, with limits that leave the sandbox's load alone.
 */
export function facadeEnv(sandboxOrigin: string, databasePath: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databasePath,
    FEISHU_APP_ID: SANDBOX_APP.appId,
    FEISHU_APP_SECRET: SANDBOX_APP.appSecret,
    FEISHU_BASE_URL: sandboxOrigin,
    FEISHU_LEGACY_BASE_URL: sandboxOrigin,
    // Real mode on a loopback test: no callers to check.
    FACADE_AUTH: 'off',
    FEISHU_RATE_CREATE_PER_MINUTE: '1000000',
    FEISHU_RATE_SYNC_PER_SECOND: '1000000',
    FEISHU_RATE_SYNC_PER_MINUTE: '60000000',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** Starts a facade server and resolves once it listens. */
export async function startFacade(env: Record<string, string>): Promise<FacadeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const found = /GraphiQL at (http:\/\/\S+\/graphql)/.exec(out);
      if (found?.[1]) resolve(found[1]);
    };
    child.stdout?.on('data', check);
    void exited.then((code) => reject(new Error(`the facade exited (${code}) before it listened:\n${out}`)));
  });
  return {
    process: child,
    url,
    output: () => out,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A GraphQL request over HTTP; rejects when the connection fails (a killed server). */
export async function post<T>(url: string, query: string, variables?: Record<string, unknown>): Promise<{ data: T; errors?: { message: string }[] }> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    headersTimeout: 120_000,
    bodyTimeout: 120_000,
  });
  return (await response.body.json()) as { data: T; errors?: { message: string }[] };
}
