import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerWhileStarting } from '../src/ops/starting.js';

/**
 * The server listens before its mirror is open (src/server.ts): until then it answers as this
 * handler does. A real HTTP server here, as the window is too short to catch on a child process.
 */
let server: Server;
let origin: string;
beforeAll(async () => {
  server = createServer(answerWhileStarting);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('while the server is starting', () => {
  it('is alive (/healthz 200) and not ready (/readyz 503 "starting")', async () => {
    const health = await request(`${origin}/healthz`);
    expect(health.statusCode).toBe(200);
    await health.body.dump();
    const ready = await request(`${origin}/readyz?probe=1`, { headers: { 'x-request-id': 'probe-7' } });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['x-request-id']).toBe('probe-7');
    expect(await ready.body.json()).toEqual({ status: 'starting' });
  });

  it('answers GraphQL requests 503 with Retry-After and a coded error, having read their body', async () => {
    const response = await request(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.body.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'SERVER_STARTING' } }] });
  });
});
