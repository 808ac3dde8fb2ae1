import { type ChildProcess, spawn } from 'node:child_process';
import { SANDBOX_APP } from '../src/sandbox/sandbox.js';

/** The repository's root: processes run from there, as `npm start` does. */
export const ROOT = new URL('../', import.meta.url).pathname;

export interface Child {
  /** The origin it printed when ready. */
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx <script>` (a path from the root) with only `env` (and PATH), and
 * resolves once its stdout matches `ready`, whose first group is the origin it serves.
 */
export async function startNode(script: string, env: Record<string, string>, ready: RegExp): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = await new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready:\n${output}`)));
  });
  return {
    origin,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The Feishu sandbox on a port of its own (src/sandbox/standalone.ts). */
export const startSandbox = () => startNode('src/sandbox/standalone.ts', { SANDBOX_PORT: '0' }, /listening on (http:\/\/\S+)/);

/**
 * The API key the benchmark calls the facade with: real mode checks callers, as a deployment
 * does (FACADE_API_KEYS). A key of the benchmark's own, never a secret.
 */
export const BENCH_KEY = 'bench-key-0123456789abcdef';
export const BENCH_KEYS = `bench:read+sync+create:${BENCH_KEY}`;
export const AUTHORIZATION = { authorization: `Bearer ${BENCH_KEY}` };

/**
 * The facade's environment in real mode against the sandbox at `sandbox`, its mirror at `mirror`
 * (what DATABASE_URL says: a SQLite file path or a PostgreSQL database's URL), its client-side
 * rate limits raised: the benchmark measures the facade, not Feishu's quotas.
 */
export const facadeEnv = (sandbox: string, mirror: string): Record<string, string> => ({
  LOG_LEVEL: 'warn',
  DATABASE_URL: mirror,
  FEISHU_APP_ID: SANDBOX_APP.appId,
  FEISHU_APP_SECRET: SANDBOX_APP.appSecret,
  FEISHU_BASE_URL: sandbox,
  FEISHU_LEGACY_BASE_URL: sandbox,
  FEISHU_RATE_CREATE_PER_MINUTE: '1000000',
  FEISHU_RATE_SYNC_PER_SECOND: '1000000',
  FEISHU_RATE_SYNC_PER_MINUTE: '60000000',
  FEISHU_RATE_MAX_QUEUE: '1000000',
  FACADE_API_KEYS: BENCH_KEYS,
});

/** The facade's server (src/server.ts) with facadeEnv, on a port of its own. */
export const startFacade = (sandbox: string, mirror: string) =>
  startNode('src/server.ts', { PORT: '0', ...facadeEnv(sandbox, mirror) }, /GraphiQL at (http:\/\/\S+)\/graphql/);

/** The stock-Yoga reference server (bench/reference-server.ts) in front of the sandbox. */
export const startReference = (sandbox: string) => startNode('bench/reference-server.ts', { SANDBOX: sandbox }, /at (http:\/\/\S+)\/graphql/);
