import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CREATE_MUTATION, EXAMPLE_QUERY, EXAMPLE_SYNC_MUTATION } from '../src/examples.js';
import { type TestApp, startTestApp } from './support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const getPage = () => app.runtime.yoga.fetch('http://yoga/graphql', { headers: { accept: 'text/html' } });

/** test-browser/graphiql.test.ts opens it in Chromium with the network cut off. */
describe('the GraphiQL page', () => {
  it('carries its script, styles, editor workers and icon: nothing for the browser to fetch elsewhere', async () => {
    const response = await getPage();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const page = await response.text();
    expect(page).not.toContain('unpkg.com');
    for (const tag of page.match(/<script\b[^>]*>/g) ?? []) expect(tag).toBe('<script>');
    for (const tag of page.match(/<link\b[^>]*>/g) ?? []) expect(tag).toMatch(/ href="data:/);
    expect(page).not.toMatch(/<(img|iframe)\b[^>]*\bsrc="?https?:/);
  });

  it("opens on the README's examples, under the facade's title", async () => {
    const page = await (await getPage()).text();
    expect(page).toContain('<title>Feishu approvals GraphQL</title>');
    for (const example of [EXAMPLE_SYNC_MUTATION, EXAMPLE_QUERY, EXAMPLE_CREATE_MUTATION]) expect(page).toContain(JSON.stringify(example).slice(1, -1));
  });
});
