import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEYS_ENV, KEYS } from '../test/support/auth.js';
import { type FacadeProcess, startFacade } from '../test/support/processes.js';

/**
 * GraphiQL as a person behind a firewall gets it: Debian's Chromium (no browser download is
 * possible here), every request that would leave the machine aborted and recorded.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Were a request to slip past the routing below, it still could not resolve a name.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

const dir = mkdtempSync(join(tmpdir(), 'feishu-facade-browser-'));
let context: BrowserContext;
/** Every request for something off this machine, whether routing or the browser saw it first. */
const leftTheMachine = new Set<string>();

const offMachine = (url: string) => {
  const { protocol, hostname } = new URL(url);
  return /^(https?|wss?):$/.test(protocol) && !['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
};

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does), or set CHROMIUM_PATH`);
  context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: FLAGS });
  // Generous: a 9 MB page on a slow, busy machine. Nothing here is a timing assertion.
  context.setDefaultTimeout(60_000);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (!offMachine(url)) return route.continue();
    leftTheMachine.add(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    if (offMachine(request.url())) leftTheMachine.add(request.url());
  });
});

afterAll(async () => {
  await context?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A facade in sandbox mode on a free port, its mirror in a file of its own. */
async function facadeWith(name: string, env: Record<string, string> = {}): Promise<FacadeProcess> {
  return startFacade({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: join(dir, `${name}.sqlite`), LOG_LEVEL: 'warn', ...env });
}

/** Opens GraphiQL and waits until its editor shows the README's examples. */
async function openGraphiQL(url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  expect([...leftTheMachine]).toEqual([]);
  await page.locator('.graphiql-query-editor').getByText('mutation SyncLeaveRequest').waitFor();
  return page;
}

/**
 * GraphiQL's run button, the operation chosen from the menu it opens for a document of several;
 * resolves once the result pane shows `awaited`.
 */
async function run(page: Page, operationName: string, awaited: string): Promise<void> {
  await page.locator('.graphiql-execute-button').click();
  await page.getByRole('menuitem', { name: operationName }).click();
  await page.locator('.graphiql-response').getByText(awaited).waitFor();
}

describe('GraphiQL, served by the facade itself, with no network beyond this machine', () => {
  let open: FacadeProcess;
  let keyed: FacadeProcess;
  beforeAll(async () => {
    [open, keyed] = await Promise.all([facadeWith('open'), facadeWith('keyed', { FACADE_API_KEYS: API_KEYS_ENV })]);
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), keyed?.stop()]);
  });

  it('renders the editor with the examples, and running SyncLeaveRequest shows its result', async () => {
    const page = await openGraphiQL(open.url);
    await expect(page.title()).resolves.toBe('Feishu approvals GraphQL');
    await run(page, 'SyncLeaveRequest', '"__typename": "SyncExternalInstancePayload"');
    // Monaco lays spaces out as no-break spaces.
    const result = (await page.locator('.graphiql-response').textContent()) ?? '';
    expect(result.replace(/\s+/g, ' ')).toContain('"applied": true');
    expect([...leftTheMachine]).toEqual([]);
  });

  it("with API keys, runs once the key is in GraphiQL's Headers tab", async () => {
    const page = await openGraphiQL(keyed.url);
    await run(page, 'SyncLeaveRequest', '"code": "UNAUTHENTICATED"');

    await page.getByRole('button', { name: 'Headers' }).click();
    await page.locator('.graphiql-editor-tool .graphiql-editor').last().click();
    await page.keyboard.insertText(JSON.stringify({ authorization: `Bearer ${KEYS.sync}` }));
    await run(page, 'SyncLeaveRequest', '"__typename": "SyncExternalInstancePayload"');
    expect([...leftTheMachine]).toEqual([]);
  });
});
