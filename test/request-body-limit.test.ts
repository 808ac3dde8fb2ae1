import { type Server, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateInstanceService } from '../src/create-instance/service.js';
import type { ApprovalDefinitions } from '../src/definitions/service.js';
import { silentLogger } from '../src/logger.js';
import { Mirror } from '../src/mirror/mirror.js';
import type { SyncExternalInstanceService } from '../src/services/sync-external-instance.js';
import { createYogaApp } from '../src/yoga.js';

const LIMIT = 2_000;
let server: Server;
let mirror: Mirror;
let port = 0;

beforeAll(async () => {
  mirror = await Mirror.open({ path: ':memory:' });
  const unused = {} as SyncExternalInstanceService & CreateInstanceService & ApprovalDefinitions;
  const yoga = createYogaApp({
    mirror,
    syncs: unused,
    createInstances: unused,
    definitions: unused,
    defaultLocale: 'zh-CN',
    logger: silentLogger,
    maxRequestBodyBytes: LIMIT,
  });
  server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await mirror.close();
});

/** POSTs `chunks` over HTTP: with a Content-Length when `sized`, else chunked. */
function post(chunks: string[], sized: boolean): Promise<{ status: number; body: { data?: unknown; errors?: { message: string }[] } }> {
  const body = chunks.join('');
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (sized) headers['content-length'] = Buffer.byteLength(body);
    const req = request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as never }));
    });
    req.on('error', reject);
    if (!sized) expect(req.getHeader('content-length')).toBeUndefined();
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/** A `{ __typename }` query padded with a variable to about `bytes` bytes, in chunks of 500. */
function query(bytes: number): string[] {
  const text = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(Math.max(0, bytes - 60)) } });
  return text.match(/[\s\S]{1,500}/g)!;
}

describe('request body limit', () => {
  it('answers bodies within the limit, sized or chunked', async () => {
    for (const sized of [true, false]) {
      const answer = await post(query(LIMIT - 100), sized);
      expect(answer).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    }
  });

  it('refuses a larger body with 413 by its Content-Length, before reading it', async () => {
    const answer = await post(query(LIMIT + 100), true);
    expect(answer.status).toBe(413);
    expect(answer.body.errors?.[0]?.message).toBe('Request body too large');
  });

  it('refuses a larger chunked body with 413 by counting it', async () => {
    const answer = await post(query(LIMIT * 3), false);
    expect(answer.status).toBe(413);
    expect(answer.body.errors?.[0]?.message).toBe('Request body too large');
  });
});
