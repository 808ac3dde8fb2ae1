import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface Child {
  process: ChildProcess;
  /** What the process printed on stdout so far. */
  output: () => string;
  /** Resolves with the exit code when the process ends on its own. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/** Starts `node --import tsx <script>` and waits for a line matching `ready` on stdout. */
export async function startNode(script: string, env: Record<string, string>, ready: RegExp, nodeArgs: string[] = []): Promise<{ child: Child; match: RegExpExecArray }> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const check = () => {
      const found = ready.exec(out);
      if (found) resolve(found);
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${out}${err}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    match,
    child: {
      process: child,
      output: () => out + err,
      exited,
      async stop() {
        if (child.exitCode === null) child.kill('SIGTERM');
        return exited;
      },
    },
  };
}

/** Current and peak resident memory of a process, in MiB (Linux /proc). */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}
