import { randomUUID } from 'node:crypto';
import type { Clock } from '../util/clock.js';
import type { DemoDefinition } from './definitions.js';
import { instanceData } from './native-read.js';

/**
 * What the sandbox holds of the native instances it created, as Feishu's approval engine would:
 * the instance's status, its tasks (who, status, node) and cc entries, moved by the control API
 * (approve, reject, transfer a task; cancel an instance). Each move answers the approval events
 * Feishu would send for it (approval_instance, approval_task, approval_cc), in order.
 */

/** A user as Feishu names them: user_id, open_id, or both. */
export interface SandboxUser {
  userId: string | null;
  openId: string | null;
}

export interface SandboxTask extends SandboxUser {
  id: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'TRANSFERRED' | 'DONE';
  nodeIndex: number;
  startTime: number;
  endTime: number | null;
}

export interface SandboxCc extends SandboxUser {
  id: string;
  nodeIndex: number;
  createTime: number;
  read: boolean;
  /** Who copied them: the initiator's user id. */
  from: string | null;
}

export interface NativeState {
  instanceCode: string;
  approvalCode: string;
  uuid: string;
  initiator: SandboxUser;
  departmentId: string | null;
  form: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELED' | 'DELETED';
  startTime: number;
  endTime: number | null;
  tasks: SandboxTask[];
  ccEntries: SandboxCc[];
  /** Approvers and cc users per node, as the create request named them (else a default approver). */
  approvers: SandboxUser[][];
  ccUsers: SandboxUser[][];
}

/** An approval event's `event` object, as Feishu sends it (app_id and tenant_key added on delivery). */
export type NativeEvent = Record<string, unknown> & { type: 'approval_instance' | 'approval_task' | 'approval_cc' };

/** Why a control call was refused: an HTTP status and a message. */
export class ControlRefusal extends Error {
  constructor(
    readonly status: 404 | 409 | 400,
    message: string,
  ) {
    super(message);
  }
}

/** The approver of a node the create request named none for. */
export const DEFAULT_APPROVER: SandboxUser = { userId: 'sandbox_approver', openId: 'ou_sandbox_approver' };

type NodeList = { key: string; value: unknown }[] | Record<string, unknown> | undefined;

function usersOf(definition: DemoDefinition, body: Record<string, unknown>, userKey: string, openKey: string): SandboxUser[][] {
  const entries = (list: unknown): [string, unknown][] =>
    Array.isArray(list)
      ? (list as { key: string; value: unknown }[]).map((n) => [n.key, n.value])
      : list && typeof list === 'object'
        ? Object.entries(list as Record<string, unknown>)
        : [];
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  return definition.nodes.map((node) => {
    const named = (list: NodeList) => entries(list).filter(([key]) => key === node.id || key === node.customId);
    const byUserId = named(body[userKey] as NodeList).flatMap(([, value]) => strings(value).map((userId) => ({ userId, openId: null })));
    const byOpenId = named(body[openKey] as NodeList).flatMap(([, value]) => strings(value).map((openId) => ({ userId: null, openId })));
    return [...byUserId, ...byOpenId];
  });
}

const ms = (time: number) => String(time);

export class SandboxNativeInstances {
  private readonly byCode = new Map<string, NativeState>();

  constructor(
    private readonly clock: Clock,
    private readonly definitions: readonly DemoDefinition[],
  ) {}

  get(instanceCode: string): NativeState | undefined {
    return this.byCode.get(instanceCode);
  }

  /** The codes of a definition's instances started in [from, to], oldest first. */
  codesOf(approvalCode: string, from: number, to: number): string[] {
    return [...this.byCode.values()].filter((s) => s.approvalCode === approvalCode && s.startTime >= from && s.startTime <= to).map((s) => s.instanceCode);
  }

  /** Starts a created instance: PENDING, the first node's tasks pending. */
  start(instanceCode: string, approvalCode: string, uuid: string, body: Record<string, unknown>): NativeEvent[] {
    const definition = this.definitions.find((d) => d.approvalCode === approvalCode);
    if (!definition) return [];
    const now = this.clock.now();
    const approvers = usersOf(definition, body, 'node_approver_user_id_list', 'node_approver_open_id_list');
    const state: NativeState = {
      instanceCode,
      approvalCode,
      uuid,
      initiator: { userId: (body.user_id as string) || null, openId: (body.open_id as string) || null },
      departmentId: (body.department_id as string) || null,
      form: typeof body.form === 'string' ? body.form : '[]',
      status: 'PENDING',
      startTime: now,
      endTime: null,
      tasks: [],
      ccEntries: [],
      approvers: approvers.map((users) => (users.length > 0 ? users : [DEFAULT_APPROVER])),
      ccUsers: usersOf(definition, body, 'node_cc_user_id_list', 'node_cc_open_id_list'),
    };
    this.byCode.set(instanceCode, state);
    return [this.instanceEvent(state, now), ...this.enterNode(state, 0, now)];
  }

  approve(instanceCode: string, taskId: string | undefined): NativeEvent[] {
    const { state, task, now } = this.pendingTask(instanceCode, taskId);
    task.status = 'APPROVED';
    task.endTime = now;
    const events = [this.taskEvent(state, task, now)];
    const nodeOpen = state.tasks.some((t) => t.nodeIndex === task.nodeIndex && t.status === 'PENDING');
    if (nodeOpen) return events;
    const next = task.nodeIndex + 1;
    if (next < state.approvers.length) return [...events, ...this.enterNode(state, next, now)];
    return [...events, ...this.finish(state, 'APPROVED', now)];
  }

  /** Every approver in turn approves, until the instance is APPROVED. */
  approveAll(instanceCode: string): NativeEvent[] {
    const events = this.approve(instanceCode, undefined);
    while (this.byCode.get(instanceCode)?.status === 'PENDING') events.push(...this.approve(instanceCode, undefined));
    return events;
  }

  reject(instanceCode: string, taskId: string | undefined): NativeEvent[] {
    const { state, task, now } = this.pendingTask(instanceCode, taskId);
    task.status = 'REJECTED';
    task.endTime = now;
    return [this.taskEvent(state, task, now), ...this.finish(state, 'REJECTED', now)];
  }

  transfer(instanceCode: string, taskId: string | undefined, to: SandboxUser): NativeEvent[] {
    if (!to.userId && !to.openId) throw new ControlRefusal(400, 'transfer needs the user to transfer to: {"userId": …} or {"openId": …}');
    const { state, task, now } = this.pendingTask(instanceCode, taskId);
    task.status = 'TRANSFERRED';
    task.endTime = now;
    const handed: SandboxTask = { id: this.newId(), ...to, status: 'PENDING', nodeIndex: task.nodeIndex, startTime: now, endTime: null };
    state.tasks.push(handed);
    return [this.taskEvent(state, task, now), this.taskEvent(state, handed, now)];
  }

  cancel(instanceCode: string): NativeEvent[] {
    const state = this.open(instanceCode);
    return this.finish(state, 'CANCELED', this.clock.now());
  }

  /** A cc user read the instance. */
  readCc(instanceCode: string, ccId: string): NativeEvent[] {
    const state = this.known(instanceCode);
    const entry = state.ccEntries.find((c) => c.id === ccId);
    if (!entry) throw new ControlRefusal(404, `no cc entry ${ccId} in instance ${instanceCode}`);
    if (entry.read) return [];
    entry.read = true;
    return [this.ccEvent(state, entry, 'READ', this.clock.now())];
  }

  private known(instanceCode: string): NativeState {
    const state = this.byCode.get(instanceCode);
    if (!state) throw new ControlRefusal(404, `no native instance ${instanceCode}`);
    return state;
  }

  private open(instanceCode: string): NativeState {
    const state = this.known(instanceCode);
    if (state.status !== 'PENDING') throw new ControlRefusal(409, `instance ${instanceCode} is ${state.status}, not PENDING`);
    return state;
  }

  private pendingTask(instanceCode: string, taskId: string | undefined) {
    const state = this.open(instanceCode);
    const task = state.tasks.find((t) => t.status === 'PENDING' && (taskId === undefined || t.id === taskId));
    if (!task)
      throw new ControlRefusal(
        taskId ? 404 : 409,
        taskId ? `no pending task ${taskId} in instance ${instanceCode}` : `instance ${instanceCode} has no pending task`,
      );
    return { state, task, now: this.clock.now() };
  }

  private enterNode(state: NativeState, nodeIndex: number, now: number): NativeEvent[] {
    const events: NativeEvent[] = [];
    for (const approver of state.approvers[nodeIndex] ?? []) {
      const task: SandboxTask = { id: this.newId(), ...approver, status: 'PENDING', nodeIndex, startTime: now, endTime: null };
      state.tasks.push(task);
      events.push(this.taskEvent(state, task, now));
    }
    for (const user of state.ccUsers[nodeIndex] ?? []) {
      const entry: SandboxCc = { id: this.newId(), ...user, nodeIndex, createTime: now, read: false, from: state.initiator.userId };
      state.ccEntries.push(entry);
      events.push(this.ccEvent(state, entry, 'CREATE', now));
    }
    return events;
  }

  private finish(state: NativeState, status: 'APPROVED' | 'REJECTED' | 'CANCELED', now: number): NativeEvent[] {
    const events: NativeEvent[] = [];
    for (const task of state.tasks) {
      if (task.status !== 'PENDING') continue;
      task.status = 'DONE';
      task.endTime = now;
      events.push(this.taskEvent(state, task, now));
    }
    state.status = status;
    state.endTime = now;
    events.push(this.instanceEvent(state, now));
    return events;
  }

  private newId(): string {
    return String(7_000_000_000_000_000_000n + BigInt(Number.parseInt(randomUUID().replaceAll('-', '').slice(0, 12), 16)));
  }

  private instanceEvent(state: NativeState, now: number): NativeEvent {
    return {
      type: 'approval_instance',
      approval_code: state.approvalCode,
      instance_code: state.instanceCode,
      status: state.status,
      operate_time: ms(now),
      instance_operate_time: ms(now),
      uuid: state.uuid,
    };
  }

  private taskEvent(state: NativeState, task: SandboxTask, now: number): NativeEvent {
    const definition = this.definitions.find((d) => d.approvalCode === state.approvalCode);
    const node = definition?.nodes[task.nodeIndex];
    return {
      type: 'approval_task',
      approval_code: state.approvalCode,
      instance_code: state.instanceCode,
      task_id: task.id,
      user_id: task.userId ?? '',
      open_id: task.openId ?? '',
      status: task.status,
      operate_time: ms(now),
      def_key: node?.id ?? '',
      custom_key: node?.customId ?? '',
    };
  }

  private ccEvent(state: NativeState, entry: SandboxCc, operate: 'CREATE' | 'READ', now: number): NativeEvent {
    return {
      type: 'approval_cc',
      approval_code: state.approvalCode,
      instance_code: state.instanceCode,
      id: entry.id,
      user_id: entry.userId ?? '',
      open_id: entry.openId ?? '',
      create_time: ms(entry.createTime),
      operate_time: ms(now),
      operate,
      from: entry.from ?? '',
    };
  }

  /** What GET /open-apis/approval/v4/instances/:instance_id answers as `data`. */
  read(state: NativeState): Record<string, unknown> {
    return instanceData(
      state,
      this.definitions.find((d) => d.approvalCode === state.approvalCode),
    );
  }

  /** A control API call (`action`: approve, reject, transfer, cancel, cc/:id/read) with its JSON body. */
  move(instanceCode: string, action: string, body: Record<string, unknown>): NativeEvent[] {
    const taskId = typeof body.taskId === 'string' ? body.taskId : undefined;
    if (action === 'approve') return body.all === true ? this.approveAll(instanceCode) : this.approve(instanceCode, taskId);
    if (action === 'reject') return this.reject(instanceCode, taskId);
    if (action === 'cancel') return this.cancel(instanceCode);
    if (action.startsWith('cc/')) return this.readCc(instanceCode, action.split('/')[1] ?? '');
    if (action !== 'transfer') throw new ControlRefusal(404, `no such action ${action}`);
    const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
    return this.transfer(instanceCode, taskId, { userId: text(body.userId), openId: text(body.openId) });
  }
}
