import { type TestApp, startTestApp } from '../support/app.js';

/**
 * The app the fuzz runs against: Feishu's rate limits lifted, so that no request waits for a
 * slot; the sandbox sends no approval events (they arrive after the request that caused them,
 * so the rows each request leaves could not be told apart).
 */
export async function startFuzzApp(): Promise<TestApp> {
  const app = await startTestApp({
    env: {
      LOG_LEVEL: 'warn',
      FEISHU_RATE_CREATE_PER_MINUTE: '1000000',
      FEISHU_RATE_SYNC_PER_SECOND: '1000000',
      FEISHU_RATE_SYNC_PER_MINUTE: '60000000',
    },
  });
  app.sandbox.deliverEventsTo(null);
  return app;
}

/** The seed: FUZZ_SEED when set (to replay a failure), else a new one. */
export function fuzzSeed(given = process.env.FUZZ_SEED): number {
  return given ? Number(given) : Math.floor(Math.random() * 2 ** 31);
}
