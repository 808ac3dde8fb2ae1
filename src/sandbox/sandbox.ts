import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../util/clock.js';
import { type SandboxAnswer, feishuError, feishuOk, paramInvalid } from './answer.js';
import { DEFINITION_PATH_PREFIX, answerDefinition } from './definition-answers.js';
import { DEMO_DEFINITIONS, type DemoDefinition } from './definitions.js';
import { checkExternalInstance } from './external-instance-rules.js';
import { type HeldExternalInstance, HeldExternalInstances } from './external-instance-state.js';
import { checkCreateInstance } from './instance-rules.js';
import { FaultScript } from './faults.js';
import { EventDeliveries, type EventTarget } from './event-delivery.js';
import { ControlRefusal, type NativeEvent, SandboxNativeInstances } from './native-instances.js';
import { type SandboxApp, SandboxTokens } from './tokens.js';

/** The credentials `npm start` and `npm run sandbox` use when none are configured. */
export const SANDBOX_APP: SandboxApp = { appId: 'cli_sandbox_app', appSecret: 'sandbox-app-secret' };

export const PATHS = {
  tenantToken: '/open-apis/auth/v3/tenant_access_token/internal',
  externalInstances: '/open-apis/approval/v4/external_instances',
  instances: '/open-apis/approval/v4/instances',
  legacyCreate: '/approval/openapi/v2/instance/create',
} as const;

const INSTANCE_PATH = /^\/open-apis\/approval\/v4\/instances\/([^/]+)$/;
const SUBSCRIBE_PATH = /^\/open-apis\/approval\/v4\/approvals\/([^/]+)\/subscribe$/;
const CONTROL_PATH = /^\/__sandbox\/instances\/([^/]+)\/(approve|reject|transfer|cancel|cc\/([^/]+)\/read)$/;

/** The call log keeps this many recent calls, so a long-running sandbox does not grow without end. */
const MAX_RECORDED_CALLS = 10_000;

/** A native instance the sandbox created. */
export interface SandboxInstance {
  instanceCode: string;
  approvalCode: string;
  uuid: string;
  api: 'v4' | 'v2';
  body: Record<string, unknown>;
  appId: string;
}

export interface SandboxOptions {
  apps?: SandboxApp[];
  clock?: Clock;
  /** Lifetime of issued tenant tokens in seconds; Feishu's is 7200. */
  tokenTtlSeconds?: number;
  /** How long each API answer takes, as Feishu's take some time over the network; none by default. */
  latencyMs?: number;
  /** The approval definitions instance creation is checked against; the demo ones by default. */
  definitions?: readonly DemoDefinition[];
}

export interface SandboxRequest {
  method: string;
  path: string;
  /** The query string's parameters (GET calls). */
  query?: URLSearchParams;
  authorization: string | undefined;
  body: unknown;
}

export interface RecordedCall {
  path: string;
  /** When the call arrived (the sandbox clock's epoch milliseconds). */
  at: number;
  /** 0 until answered, and for calls whose connection was dropped. */
  status: number;
  code: number | null;
}

/**
 * An emulator of the Feishu Open Platform endpoints the facade calls, with Feishu's validation
 * and error codes. Tests script faults into it; `npm start` runs it when no credentials are set.
 */
export class FeishuSandbox {
  readonly faults = new FaultScript();
  readonly tokens: SandboxTokens;
  /** The latest calls received, in order of arrival (bodies and headers are not kept). */
  readonly calls: RecordedCall[] = [];
  /** Calls received per path, since the start. */
  private readonly callsByPath = new Map<string, number>();
  /** TCP connections accepted since the start: shows whether clients reuse their sockets. */
  connectionsAccepted = 0;
  /** Accepted external instances by `approval_code/instance_id`: the last payload received, as it came. */
  readonly externalInstances = new Map<string, Record<string, unknown>>();
  /** What Feishu would hold of them, by its REPLACE / UPDATE rules (see heldExternalInstance). */
  private readonly held = new HeldExternalInstances();
  /** Created native instances by instance code. */
  readonly instances = new Map<string, SandboxInstance>();
  readonly definitions: readonly DemoDefinition[];
  /** Instance codes by app and upper-case uuid: a uuid creates one instance per app. */
  private readonly uuids = new Map<string, string>();
  private readonly clock: Clock;
  private readonly latencyMs: number;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** The native instances' statuses, tasks and cc entries, moved by the control API. */
  readonly native: SandboxNativeInstances;
  /** The events sent to the facade (POST …/feishu/events), for definitions an app subscribed to. */
  readonly events: EventDeliveries;
  /** `appId/approvalCode` of the definitions subscribed to. */
  readonly subscriptions = new Set<string>();

  constructor(options: SandboxOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.latencyMs = options.latencyMs ?? 0;
    this.definitions = options.definitions ?? DEMO_DEFINITIONS;
    this.tokens = new SandboxTokens(options.apps ?? [SANDBOX_APP], this.clock, options.tokenTtlSeconds ?? 7200);
    this.native = new SandboxNativeInstances(this.clock, this.definitions);
    this.events = new EventDeliveries(this.clock);
  }

  /** Where the sandbox sends approval events, as the app's console would say (null: none sent). */
  deliverEventsTo(target: EventTarget | null): void {
    this.events.setTarget(target);
  }

  /**
   * Moves a native instance as its approvers would (the control API): answers the instance as
   * GET instance reads it, once the events of the move were delivered.
   */
  async control(instanceCode: string, action: string, body: Record<string, unknown> = {}): Promise<SandboxAnswer> {
    let events: NativeEvent[];
    try {
      events = this.native.move(instanceCode, action, body);
    } catch (error) {
      if (error instanceof ControlRefusal) return { status: error.status, body: { error: error.message } };
      throw error;
    }
    await this.publish(instanceCode, events);
    const state = this.native.get(instanceCode);
    return {
      status: 200,
      body: { instance: state ? this.native.read(state) : null, events: events.map((e) => ({ type: e.type, status: e.status ?? e.operate })) },
    };
  }

  /** Sends the events of an instance's moves, if its app subscribed to its definition. */
  private publish(instanceCode: string, events: readonly NativeEvent[]): Promise<void> {
    const instance = this.instances.get(instanceCode);
    if (!instance || !this.subscriptions.has(`${instance.appId}/${instance.approvalCode}`)) return this.events.settled();
    return this.events.enqueue(instance.appId, events);
  }

  /**
   * What the sandbox holds of an external instance after the pushes it accepted, by Feishu's
   * REPLACE / UPDATE rules, as the answer's `data.data` shows it: its texts keyed again in its own
   * `i18n_resources`. Undefined when no push of it was accepted.
   */
  heldExternalInstance(approvalCode: string, instanceId: string): HeldExternalInstance | undefined {
    return this.held.get(approvalCode, instanceId);
  }

  /** Calls received on a path. */
  callCount(path: string): number {
    return this.callsByPath.get(path) ?? 0;
  }

  /** What `GET /__sandbox/stats` answers: counters for load tests and benchmarks. */
  stats(): { connectionsAccepted: number; calls: Record<string, number>; externalInstances: number; instances: number } {
    return {
      connectionsAccepted: this.connectionsAccepted,
      calls: Object.fromEntries(this.callsByPath),
      externalInstances: this.externalInstances.size,
      instances: this.instances.size,
    };
  }

  /** Handles one call as Feishu would (faults aside). */
  handle(request: SandboxRequest): SandboxAnswer {
    if (request.method === 'GET' && request.path.startsWith(DEFINITION_PATH_PREFIX)) return this.getDefinition(request);
    if (request.method === 'GET') return this.handleGet(request);
    if (request.method !== 'POST') return { status: 404, body: { code: 404, msg: 'not found' } };
    if (request.path === PATHS.tenantToken) return this.tokens.issue(request.body);
    const subscribe = SUBSCRIBE_PATH.exec(request.path);
    if (subscribe) {
      const who = this.tokens.check(request.authorization);
      if ('status' in who) return who;
      const approvalCode = decodeURIComponent(subscribe[1] ?? '');
      if (!this.definitions.some((d) => d.approvalCode === approvalCode)) return feishuError(400, 1390002, 'approval code not found');
      const key = `${who.appId}/${approvalCode}`;
      if (this.subscriptions.has(key)) return feishuError(400, 1390007, 'subscription existed');
      this.subscriptions.add(key);
      return feishuOk({});
    }
    const route = this.routes[request.path];
    if (!route) return { status: 404, body: { code: 404, msg: `no such sandbox endpoint: ${request.path}` } };
    const who = this.tokens.check(request.authorization);
    if ('status' in who) return who;
    if (request.body === undefined) return feishuError(400, 1390001, 'param is invalid: body: must be JSON');
    return route(request.body, who.appId);
  }

  /** GET instance (by code) and the instance list (a definition's codes, by start time, in pages). */
  private handleGet(request: SandboxRequest): SandboxAnswer {
    const single = INSTANCE_PATH.exec(request.path);
    if (!single && request.path !== PATHS.instances) return { status: 404, body: { code: 404, msg: `no such sandbox endpoint: ${request.path}` } };
    const who = this.tokens.check(request.authorization);
    if ('status' in who) return who;
    if (single) {
      const id = decodeURIComponent(single[1] ?? '');
      const code = this.instances.has(id) ? id : this.uuids.get(`${who.appId}/${id.toUpperCase()}`);
      const state = code ? this.native.get(code) : undefined;
      if (!state) return feishuError(400, 1390003, 'instance code not found');
      return feishuOk(this.native.read(state));
    }
    const query = request.query ?? new URLSearchParams();
    const approvalCode = query.get('approval_code');
    const from = Number(query.get('start_time'));
    const to = Number(query.get('end_time'));
    if (!approvalCode) return paramInvalid('approval_code', 'is required');
    if (!Number.isFinite(from) || !Number.isFinite(to) || from > to)
      return paramInvalid('start_time', 'start_time and end_time: milliseconds, start before end');
    const pageSize = Math.min(100, Math.max(1, Number(query.get('page_size') ?? 100) || 100));
    const offset = Number(query.get('page_token') ?? 0) || 0;
    const codes = this.native.codesOf(approvalCode, from, to);
    const page = codes.slice(offset, offset + pageSize);
    const hasMore = offset + pageSize < codes.length;
    return feishuOk({ instance_code_list: page, has_more: hasMore, ...(hasMore ? { page_token: String(offset + pageSize) } : {}) });
  }

  private readonly routes: Record<string, (body: unknown, appId: string) => SandboxAnswer> = {
    [PATHS.externalInstances]: (body) => {
      const checked = checkExternalInstance(body);
      if ('field' in checked) return paramInvalid(checked.field, checked.problem);
      const instance = checked.instance;
      this.externalInstances.set(`${instance.approval_code}/${instance.instance_id}`, body as Record<string, unknown>);
      return feishuOk({ data: this.held.apply(instance) });
    },
    [PATHS.instances]: (body, appId) => this.createInstance(body, appId, 'v4'),
    [PATHS.legacyCreate]: (body, appId) => this.createInstance(body, appId, 'v2'),
  };

  /** GET /open-apis/approval/v4/approvals/:approval_code, the demo definitions in Feishu's shape. */
  private getDefinition(request: SandboxRequest): SandboxAnswer {
    const code = request.path.slice(DEFINITION_PATH_PREFIX.length);
    if (code === '' || code.includes('/')) return { status: 404, body: { code: 404, msg: `no such sandbox endpoint: GET ${request.path}` } };
    const who = this.tokens.check(request.authorization);
    if ('status' in who) return who;
    return answerDefinition(this.definitions, decodeURIComponent(code), request.query?.get('locale') ?? null);
  }

  private createInstance(body: unknown, appId: string, api: 'v4' | 'v2'): SandboxAnswer {
    const checked = checkCreateInstance(body, this.definitions, api === 'v2');
    if ('code' in checked) return feishuError(400, checked.code, checked.msg);
    const request = body as Record<string, unknown>;
    const uuid = typeof request.uuid === 'string' && request.uuid !== '' ? request.uuid : randomUUID();
    const uuidKey = `${appId}/${uuid.toUpperCase()}`;
    if (this.uuids.has(uuidKey)) return feishuError(400, 60012, 'uuid conflict: an instance was already created with this uuid');
    const instanceCode = randomUUID().toUpperCase();
    this.uuids.set(uuidKey, instanceCode);
    this.instances.set(instanceCode, { instanceCode, approvalCode: checked.definition.approvalCode, uuid, api, body: request, appId });
    void this.publish(instanceCode, this.native.start(instanceCode, checked.definition.approvalCode, uuid, request));
    return feishuOk(
      api === 'v4'
        ? { instance_code: instanceCode, instance_link: `https://applink.feishu.cn/client/approval?instanceCode=${instanceCode}` }
        : { instance_code: instanceCode },
    );
  }

  /** Starts listening on loopback; port 0 picks a free one. Resolves with the origin. */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => {
      void this.serve(req, res);
    });
    server.keepAliveTimeout = 60_000;
    server.on('connection', (socket) => {
      this.connectionsAccepted += 1;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = queryAt < 0 ? target : target.slice(0, queryAt);
    const search = queryAt < 0 ? '' : target.slice(queryAt + 1);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (req.method === 'GET' && path === '/__sandbox/stats') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(this.stats()));
      return;
    }
    // The recent calls with their arrival times: how many came in any second or minute.
    if (req.method === 'GET' && path === '/__sandbox/calls') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ calls: this.calls }));
      return;
    }
    const control = req.method === 'POST' ? CONTROL_PATH.exec(path) : null;
    if (control) {
      const answer = await this.control(decodeURIComponent(control[1] ?? ''), control[2] ?? '', (body ?? {}) as Record<string, unknown>);
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(answer.body));
      return;
    }
    const call: RecordedCall = { path, at: this.clock.now(), status: 0, code: null };
    this.calls.push(call);
    if (this.calls.length > MAX_RECORDED_CALLS) this.calls.splice(0, this.calls.length - MAX_RECORDED_CALLS / 2);
    this.callsByPath.set(path, (this.callsByPath.get(path) ?? 0) + 1);
    const fault = this.faults.take(path, path !== PATHS.tenantToken);
    if (this.latencyMs > 0 && path !== PATHS.tenantToken) await this.clockDelay(this.latencyMs);
    if (fault?.delayMs) await this.clockDelay(fault.delayMs);
    if (fault?.holdCall) await fault.holdCall().catch(() => undefined);
    if (fault?.drop === 'before') {
      req.socket.destroy();
      return;
    }
    let answer: SandboxAnswer;
    if (fault && (fault.code !== undefined || fault.rawBody !== undefined || fault.httpStatus !== undefined) && fault.drop !== 'after') {
      answer = {
        status: fault.httpStatus ?? (fault.code ? 400 : 200),
        body: fault.rawBody ?? { code: fault.code ?? 0, msg: fault.msg ?? 'scripted fault' },
      };
    } else {
      answer = this.handle({ method: req.method ?? 'GET', path, query: new URLSearchParams(search), authorization: req.headers.authorization, body });
    }
    call.code = typeof (answer.body as { code?: unknown })?.code === 'number' ? (answer.body as { code: number }).code : null;
    call.status = answer.status;
    if (fault?.holdAnswer) await fault.holdAnswer().catch(() => undefined);
    if (fault?.drop === 'after') {
      req.socket.destroy();
      return;
    }
    const payload = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      'content-type': typeof answer.body === 'string' ? 'text/html' : 'application/json; charset=utf-8',
      'x-tt-logid': `sandbox-${randomBytes(8).toString('hex')}`,
      ...answer.headers,
      ...fault?.headers,
    });
    res.end(payload);
  }

  private clockDelay(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
