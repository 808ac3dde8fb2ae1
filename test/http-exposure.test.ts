import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from './support/app.js';
import { syncInput } from './support/fixtures.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const start = async (env: Record<string, string> = {}) => (app = await startTestApp({ env }));
const fetchApp = (current: TestApp, path: string, init: RequestInit = {}) => current.runtime.yoga.fetch(`http://yoga${path}`, init);

const APP_ORIGIN = 'https://app.example.com';
const EVIL_ORIGIN = 'https://evil.example.com';
const READ_QUERY = JSON.stringify({ query: '{ __typename }' });

describe('CORS', () => {
  it('echoes an allowed origin, without credentials, and varies on Origin', async () => {
    const current = await start({ FACADE_CORS_ORIGINS: `${APP_ORIGIN},https://admin.example.com` });
    const response = await fetchApp(current, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: APP_ORIGIN },
      body: READ_QUERY,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/origin/i);
    const preflight = await fetchApp(current, '/graphql', {
      method: 'OPTIONS',
      headers: { origin: APP_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
  });

  it('gives any other origin no CORS header at all: its pages can neither read answers nor pass a preflight', async () => {
    for (const env of [{ FACADE_CORS_ORIGINS: APP_ORIGIN }, {}] as Record<string, string>[]) {
      const current = await start(env);
      const response = await fetchApp(current, '/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: EVIL_ORIGIN },
        body: READ_QUERY,
      });
      const preflight = await fetchApp(current, '/graphql', { method: 'OPTIONS', headers: { origin: EVIL_ORIGIN, 'access-control-request-method': 'POST' } });
      for (const answer of [response, preflight]) {
        expect(answer.headers.get('access-control-allow-origin')).toBeNull();
        expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
        expect(answer.headers.get('access-control-allow-methods')).toBeNull();
      }
      await current.close();
      app = undefined;
    }
  });
});

describe('CSRF', () => {
  const mutation = `mutation { syncExternalInstance(input: { approvalCode: "A", instanceId: "csrf", status: PENDING, links: { pcLink: "https://x" }, userId: "u", startTime: "2026-01-01T00:00:00Z", updateTime: "2026-01-01T00:00:00Z" }) { __typename } }`;

  it('refuses what a browser sends cross-site without a preflight (form, multipart, text/plain): 403, nothing runs', async () => {
    const current = await start();
    const multipart = new FormData();
    multipart.set('operations', JSON.stringify({ query: mutation }));
    multipart.set('map', '{}');
    const bodies: [string, RequestInit][] = [
      ['form-encoded', { body: new URLSearchParams({ query: mutation }), headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
      ['multipart', { body: multipart }],
      ['text/plain', { body: JSON.stringify({ query: mutation }), headers: { 'content-type': 'text/plain' } }],
    ];
    for (const [name, init] of bodies) {
      const response = await fetchApp(current, '/graphql', { method: 'POST', ...init });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect({ name, status: response.status, code: body.errors?.[0]?.extensions?.code }).toEqual({ name, status: 403, code: 'CSRF_PREVENTED' });
    }
    expect(current.sandbox.calls).toEqual([]);
  });

  it('runs a JSON POST, and a GET query only with the x-graphql-yoga-csrf header', async () => {
    const current = await start();
    const synced = await current.gql('mutation($input: SyncExternalInstanceInput!) { syncExternalInstance(input: $input) { __typename } }', {
      input: syncInput(),
    });
    expect(synced.data).toEqual({ syncExternalInstance: { __typename: 'SyncExternalInstancePayload' } });
    const url = `/graphql?query=${encodeURIComponent('{ __typename }')}`;
    expect((await fetchApp(current, url)).status).toBe(403);
    expect((await fetchApp(current, url, { headers: { 'x-graphql-yoga-csrf': '1' } })).status).toBe(200);
  });
});

describe('GraphiQL, introspection and field suggestions', () => {
  const introspection = JSON.stringify({ query: '{ __schema { queryType { name } } }' });
  const typo = JSON.stringify({ query: '{ externalInstanc(approvalCode: "A", instanceId: "I") { id } }' });
  const post = (current: TestApp, body: string) => fetchApp(current, '/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('are off with NODE_ENV=production', async () => {
    const current = await start({ NODE_ENV: 'production' });
    const page = await fetchApp(current, '/graphql', { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('GraphiQL');
    const refused = (await (await post(current, introspection)).json()) as { data?: unknown; errors: { message: string }[] };
    expect(refused.data).toBeUndefined();
    expect(refused.errors[0]?.message).toMatch(/introspection .*disabled/i);
    const suggestion = (await (await post(current, typo)).json()) as { errors: { message: string }[] };
    expect(suggestion.errors[0]?.message).toContain('Cannot query field "externalInstanc"');
    expect(suggestion.errors[0]?.message).not.toContain('Did you mean');
    expect(suggestion.errors[0]?.message).not.toContain('externalInstance"');
  });

  it('are on in development, and in production with FACADE_GRAPHIQL / FACADE_INTROSPECTION=on', async () => {
    for (const env of [{}, { NODE_ENV: 'production', FACADE_GRAPHIQL: 'on', FACADE_INTROSPECTION: 'on' }] as Record<string, string>[]) {
      const current = await start(env);
      const page = await fetchApp(current, '/graphql', { headers: { accept: 'text/html' } });
      expect(await page.text()).toContain('GraphiQL');
      expect(await (await post(current, introspection)).json()).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
      const suggestion = (await (await post(current, typo)).json()) as { errors: { message: string }[] };
      expect(suggestion.errors[0]?.message).toContain('Did you mean "externalInstance"');
      await current.close();
      app = undefined;
    }
  });
});
