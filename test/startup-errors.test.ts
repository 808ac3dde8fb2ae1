import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Start-up failures of a known cause, on the server process as `npm start` runs it (sandbox mode,
 * the default log level): one line naming the cause, no stack, exit 1. PostgreSQL that cannot be
 * reached: test/postgres.test.ts.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER = join(ROOT, 'src/server.ts');
const TSX = import.meta.resolve('tsx');
const folder = mkdtempSync(join(tmpdir(), 'startup-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the server until it exits, or until it prints its address (then stops it with SIGTERM). */
function runServer(env: Record<string, string>, cwd = ROOT): Promise<Run & { listened: boolean }> {
  const child = spawn(process.execPath, ['--import', TSX, SERVER], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let listened = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!listened && stdout.includes('GraphiQL at')) {
      listened = true;
      child.kill('SIGTERM');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr, listened })));
}

/** The lines of stderr that are not JSON log lines: what the failure says. */
const plainLines = (run: Run) =>
  run.stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('{'))
    .map((line) => line.trimEnd());

function expectOneLineFailure(run: Run, line: RegExp): void {
  expect(run.code).toBe(1);
  expect(plainLines(run)).toEqual([expect.stringMatching(line)]);
  expect(run.stdout).toBe('');
}

describe('start-up failures', () => {
  let occupied: Server | undefined;
  afterAll(() => new Promise<void>((resolve) => (occupied ? occupied.close(() => resolve()) : resolve())));

  it('a port in use: one line naming the address and the cause', { timeout: 60_000 }, async () => {
    occupied = createServer();
    await new Promise<void>((resolve) => occupied!.listen(0, '127.0.0.1', () => resolve()));
    const address = occupied.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const run = await runServer({ PORT: String(port), DATABASE_URL: join(folder, 'port.sqlite') });
    expectOneLineFailure(run, new RegExp(`^Server error: cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use \\(EADDRINUSE\\)$`));
  });

  it('a mirror file whose folder does not exist: one line naming the folder, which is not created', { timeout: 60_000 }, async () => {
    const missing = join(folder, 'no-such-folder');
    const run = await runServer({ DATABASE_URL: join(missing, 'mirror.sqlite') });
    expectOneLineFailure(run, /^Database error: cannot open the SQLite file .*: its folder .*no-such-folder does not exist \(create it first\)$/);
    expect(statSync(missing, { throwIfNoEntry: false })).toBeUndefined();
  });

  it('a mirror path that is a folder, or a file that is not a database: one line each', { timeout: 60_000 }, async () => {
    const aFolder = join(folder, 'a-folder');
    mkdirSync(aFolder);
    const notDatabase = join(folder, 'notes.txt');
    writeFileSync(notDatabase, 'these are not the pages of a SQLite database, and there are enough of them to be read as a header '.repeat(20));
    const [folderRun, fileRun] = await Promise.all([runServer({ DATABASE_URL: aFolder }), runServer({ DATABASE_URL: `file:${notDatabase}` })]);
    expectOneLineFailure(folderRun, /^Database error: cannot open the SQLite file .*a-folder: it is a folder$/);
    expectOneLineFailure(fileRun, /^Database error: cannot open the SQLite file .*notes\.txt: file is not a database \(SQLITE_NOTADB\)$/);
  });

  it("creates the default mirror's folder (./data) on a first `npm start`", { timeout: 60_000 }, async () => {
    const cwd = join(folder, 'fresh-checkout');
    mkdirSync(cwd);
    const run = await runServer({}, cwd);
    expect(run.listened).toBe(true);
    expect(run.code).toBe(0);
    expect(statSync(join(cwd, 'data', 'mirror.sqlite')).isFile()).toBe(true);
  });
});
