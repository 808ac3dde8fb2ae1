import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { PATHS, SANDBOX_APP } from '../src/sandbox/sandbox.js';
import { type TestApp, type TestAppOptions, startTestApp } from './support/app.js';
import { API_KEYS_ENV, KEYS, bearer } from './support/auth.js';
import { CREATE, type CreateResult, leaveInput } from './support/create-fixtures.js';
import { SYNC, type SyncResult, syncInput } from './support/fixtures.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function startTraced(options: TestAppOptions = {}): Promise<{ current: TestApp; exporter: InMemorySpanExporter }> {
  const exporter = new InMemorySpanExporter();
  app = await startTestApp({ ...options, overrides: { ...options.overrides, telemetry: { spanExporter: exporter } } });
  return { current: app, exporter };
}

const named = (spans: ReadableSpan[], name: string) => spans.filter((span) => span.name === name);

function one(spans: ReadableSpan[], name: string): ReadableSpan {
  const found = named(spans, name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
}

/** The spans under `parent`, in the order they started. */
const childrenOf = (spans: ReadableSpan[], parent: ReadableSpan) =>
  spans
    .filter((span) => span.parentSpanId === parent.spanContext().spanId && span.spanContext().traceId === parent.spanContext().traceId)
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);

describe('tracing', () => {
  it('a span per GraphQL operation, with a child span for each Feishu call and mirror write', async () => {
    const { current, exporter } = await startTraced();
    const engine = current.runtime.mirror.engine.dialect;
    const synced = await current.gql<SyncResult>(SYNC, { input: syncInput() });
    const created = await current.gql<CreateResult>(CREATE, { input: leaveInput() });
    expect(created.data.createInstance.__typename).toBe('CreateInstancePayload');
    const spans = exporter.getFinishedSpans();

    const sync = one(spans, 'mutation.Sync');
    expect(sync.parentSpanId).toBeUndefined();
    expect(sync.attributes['graphql.execute.operationName']).toBe('Sync');
    expect(childrenOf(spans, sync).map((span) => span.name)).toEqual([`feishu ${PATHS.tenantToken}`, `feishu ${PATHS.externalInstances}`, 'mirror sync_push']);
    const push = one(spans, `feishu ${PATHS.externalInstances}`);
    expect(push.attributes).toMatchObject({
      'feishu.endpoint': PATHS.externalInstances,
      'feishu.attempts': 1,
      'feishu.code': 0,
      'feishu.log_id': synced.data.syncExternalInstance.logId,
      'http.response.status_code': 200,
    });
    expect(one(spans, 'mirror sync_push').attributes).toEqual({ 'mirror.kind': 'sync_push', 'mirror.engine': engine });

    const create = one(spans, 'mutation.Create');
    expect(create.spanContext().traceId).not.toBe(sync.spanContext().traceId);
    // The form is checked against the definition first (read from Feishu once per configured locale),
    // and the definition's events are subscribed before its first create.
    const definitionRead = 'feishu /open-apis/approval/v4/approvals/:approval_code';
    expect(childrenOf(spans, create).map((span) => span.name)).toEqual([
      definitionRead,
      definitionRead,
      definitionRead,
      'feishu POST /open-apis/approval/v4/approvals/:approval_code/subscribe',
      'mirror intent_begin',
      `feishu ${PATHS.instances}`,
      'mirror intent_created',
    ]);
    expect(one(spans, `feishu ${PATHS.instances}`).attributes).toMatchObject({ 'feishu.code': 0, 'feishu.log_id': created.data.createInstance.logId });
    expect(spans.every((span) => span.status.code !== SpanStatusCode.ERROR)).toBe(true);
    expect(sync.resource.attributes['service.name']).toBe('feishu-approval-graphql');
  });

  it("a retried call is one span with its attempts; a refused one is an error with its code, not Feishu's message", async () => {
    const { current, exporter } = await startTraced();
    current.sandbox.faults.push({ path: PATHS.externalInstances, code: 1395001, msg: 'internal error', httpStatus: 500 });
    await current.gql(SYNC, { input: syncInput({ instanceId: 'retried' }) });
    current.sandbox.faults.push({ path: PATHS.externalInstances, code: 1390001, msg: 'param user_id=secret-ish is invalid' });
    await current.gql(SYNC, { input: syncInput({ instanceId: 'refused' }) });

    const [retried, refused] = named(exporter.getFinishedSpans(), `feishu ${PATHS.externalInstances}`);
    expect(retried?.attributes).toMatchObject({ 'feishu.attempts': 2, 'feishu.code': 0 });
    expect(retried?.status.code).toBe(SpanStatusCode.UNSET);
    expect(refused?.attributes).toMatchObject({
      'feishu.attempts': 1,
      'feishu.code': 1390001,
      'http.response.status_code': 400,
      'error.type': 'FEISHU_INVALID_PARAMETER',
    });
    expect(refused?.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(JSON.stringify(refused?.attributes)).not.toContain('secret-ish');
  });

  it('no span holds a secret or what the caller sent: app secret, tenant tokens, API key, variables', async () => {
    const { current, exporter } = await startTraced({ realMode: true, env: { FACADE_API_KEYS: API_KEYS_ENV } });
    const synced = await current.gql<SyncResult>(SYNC, { input: syncInput() }, bearer(KEYS.all));
    expect(synced.data.syncExternalInstance.__typename).toBe('SyncExternalInstancePayload');
    const tokens = current.sandbox.tokens.issuedTokens();
    current.sandbox.tokens.revokeAll();
    const created = await current.gql<CreateResult>(CREATE, { input: leaveInput() }, bearer(KEYS.all));
    expect(created.data.createInstance.__typename).toBe('CreateInstancePayload');
    const spans = exporter.getFinishedSpans();
    expect(named(spans, `feishu ${PATHS.tenantToken}`)).toHaveLength(2);

    const recorded = JSON.stringify(
      spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, resource: span.resource.attributes })),
    );
    const secrets = [SANDBOX_APP.appSecret, KEYS.all, ...tokens, ...current.sandbox.tokens.issuedTokens()];
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const secret of secrets) expect(recorded).not.toContain(secret);
    for (const sent of ['Family trip', 'initiator-1', 'https://oa.example.com/i/1']) expect(recorded).not.toContain(sent);
  });
  it("an operation with errors is an error span whose exception keeps each error's path and code, not its message", async () => {
    const { current, exporter } = await startTraced();
    const result = await current.gql('query Page { externalInstances(first: 1000) { totalCount } }');
    const message = result.errors?.[0]?.message;
    expect(message).toBeTruthy();
    const page = one(exporter.getFinishedSpans(), 'query.Page');
    expect(page.status.code).toBe(SpanStatusCode.ERROR);
    const exception = page.events.find((event) => event.name === 'exception');
    expect(exception?.attributes).toEqual({
      'exception.type': 'graphql.execute.error',
      'exception.message': JSON.stringify([{ path: ['externalInstances'], code: 'BAD_USER_INPUT' }]),
    });
    expect(JSON.stringify(page.events)).not.toContain(message);
  });
});

describe('tracing to an OTLP collector', () => {
  /** A collector on a loopback port: keeps what is posted to it. */
  async function startCollector() {
    const received: { path: string; contentType: string | undefined; body: string }[] = [];
    const server = createServer((request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ path: request.url ?? '', contentType: request.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { origin: `http://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  type OtlpValue = { stringValue?: string };
  type OtlpExport = {
    resourceSpans: { resource: { attributes: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: { name: string; parentSpanId?: string }[] }[] }[];
  };

  it('with OTEL_EXPORTER_OTLP_ENDPOINT set, sends the spans to <endpoint>/v1/traces (OTLP/HTTP JSON) by the time the app is closed', async () => {
    const collector = await startCollector();
    try {
      const current = await startTestApp({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.origin, OTEL_SERVICE_NAME: 'approvals-test' } });
      expect((await current.gql<SyncResult>(SYNC, { input: syncInput() })).data.syncExternalInstance.__typename).toBe('SyncExternalInstancePayload');
      await current.close();

      expect(collector.received.length).toBeGreaterThanOrEqual(1);
      expect(collector.received.every((post) => post.path === '/v1/traces' && post.contentType === 'application/json')).toBe(true);
      const exports = collector.received.map((post) => JSON.parse(post.body) as OtlpExport);
      const resources = exports.flatMap((body) => body.resourceSpans);
      const names = resources.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans.map((span) => span.name)));
      expect(names).toEqual(expect.arrayContaining(['mutation.Sync', `feishu ${PATHS.externalInstances}`, 'mirror sync_push']));
      const serviceNames = resources.map((resource) => resource.resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue);
      expect(new Set(serviceNames)).toEqual(new Set(['approvals-test']));
    } finally {
      await collector.close();
    }
  });
});

describe('telemetry configuration', () => {
  it('tracing is off by default, on with an OTLP endpoint; metrics on unless METRICS=off, public with METRICS=public', () => {
    expect(loadConfig({}).telemetry).toEqual({ metrics: 'on', tracing: null });
    expect(loadConfig({ METRICS: 'off' }).telemetry.metrics).toBe('off');
    expect(loadConfig({ METRICS: 'public' }).telemetry.metrics).toBe('public');
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).telemetry.tracing).toEqual({
      url: 'http://collector:4318/v1/traces',
      serviceName: 'feishu-approval-graphql',
    });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example.com/otlp/', OTEL_SERVICE_NAME: 'approvals' }).telemetry.tracing).toEqual({
      url: 'https://otlp.example.com/otlp/v1/traces',
      serviceName: 'approvals',
    });
    const tracesEndpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/custom' };
    expect(loadConfig(tracesEndpoint).telemetry.tracing?.url).toBe('http://b:4318/custom');
    expect(loadConfig({ ...tracesEndpoint, OTEL_SDK_DISABLED: 'true' }).telemetry.tracing).toBeNull();
    expect(loadConfig({ ...tracesEndpoint, OTEL_TRACES_EXPORTER: 'none' }).telemetry.tracing).toBeNull();
  });

  it.each([
    [{ METRICS: 'yes' }, 'METRICS', 'must be on, public or off'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT', 'must be an http(s) URL'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'OTEL_EXPORTER_OTLP_PROTOCOL', 'grpc is not supported'],
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, 'OTEL_TRACES_EXPORTER', 'must be otlp or none'],
  ])('refuses %j', (env, variable, message) => {
    const error = (() => {
      try {
        loadConfig(env);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(variable);
    expect((error as Error).message).toContain(message);
  });
});
