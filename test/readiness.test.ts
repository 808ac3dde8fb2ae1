import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from './support/app.js';
import { READ } from './support/fixtures.js';

/** /readyz through the GraphQL app, on this run's engine (vitest.config.ts runs this file on both). */
let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const readyz = async (target: TestApp) => {
  const response = await target.runtime.yoga.fetch('http://yoga/readyz');
  return { status: response.status, body: (await response.json()) as unknown };
};

describe('/readyz', () => {
  it('answers 200 while the mirror answers, and /healthz too', async () => {
    app = await startTestApp();
    expect(await readyz(app)).toEqual({ status: 200, body: { status: 'ready' } });
    expect((await app.runtime.yoga.fetch('http://yoga/healthz')).status).toBe(200);
  });

  it('answers 503 once the server is shutting down, while /healthz still answers 200', async () => {
    app = await startTestApp();
    app.runtime.readiness.drain();
    expect(await readyz(app)).toEqual({ status: 503, body: { status: 'draining' } });
    expect((await app.runtime.yoga.fetch('http://yoga/healthz')).status).toBe(200);
  });

  it('answers 503 when the mirror does not answer, and says so in a warning', async () => {
    app = await startTestApp();
    // A read first: the runtime's first look for abandoned createInstance attempts is then over
    // (a statement queued on a PostgreSQL pool that closes waits for its connection timeout).
    await app.gql(READ, { approvalCode: 'APPROVAL-1', instanceId: 'inst-1' });
    await app.runtime.mirror.close();
    expect(await readyz(app)).toEqual({ status: 503, body: { status: 'unavailable' } });
    expect(app.logs.some((line) => line.includes('not ready: the mirror did not answer'))).toBe(true);
  });
});
