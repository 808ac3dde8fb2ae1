import { type SQL, sql } from 'drizzle-orm';
import type { SqlEngine, SqlRunner } from './engine.js';
import type { NativeCcReadStatus, NativeInstanceStatus, NativeTaskStatus } from './native-statuses.js';
import { RowInserts, writtenColumns } from './row-inserts.js';
import { approvalCcEntries, approvalInstances, approvalTasks } from './tables.js';

/** A native instance's status as Feishu told it, at Feishu's time of it (Unix ms). */
export interface StatusChange {
  status: NativeInstanceStatus;
  time: number;
}

/** A native task as an event or a read tells it; what it does not know is null. */
export interface TaskChange {
  taskId: string;
  userId: string | null;
  openId: string | null;
  status: NativeTaskStatus;
  nodeId: string | null;
  nodeName: string | null;
  customNodeId: string | null;
  taskType: string | null;
  startTime: number | null;
  endTime: number | null;
  /** Feishu's time of this state of the task. */
  time: number;
}

/** A native cc entry as an event or a read tells it. */
export interface CcChange {
  ccId: string;
  userId: string | null;
  openId: string | null;
  /** READ once read; UNREAD when created, or when a read does not say. */
  readStatus: NativeCcReadStatus;
  fromUserId: string | null;
  createTime: number;
  /** Feishu's time of this state of the entry. */
  time: number;
}

const ph = sql.placeholder;
const id = sql.identifier;

/** Statuses that a later one may follow at the same time (Feishu's times are milliseconds). */
const isOpen = (column: SQL) => sql`${column} IN ('PENDING', 'OVERTIME_RECOVER')`;

/**
 * Whether what comes (`incoming`, its time and status) is newer than what a row holds
 * (`held`): a later time, or the same time moving an open status to a closed one (an instance
 * created and approved within one millisecond). Events may arrive in any order; none moves a
 * row back.
 */
const newer = (incomingTime: SQL, incomingStatus: SQL, heldTime: SQL, heldStatus: SQL) =>
  sql`(${heldTime} IS NULL OR ${incomingTime} > ${heldTime} OR (${incomingTime} = ${heldTime} AND ${isOpen(heldStatus)} AND NOT ${isOpen(incomingStatus)}))`;

type TaskRow = Omit<typeof approvalTasks.$inferInsert, 'id'> & Record<string, unknown>;
type CcRow = Omit<typeof approvalCcEntries.$inferInsert, 'id'> & Record<string, unknown>;

/**
 * The writes of what Feishu tells about native instances (events, reads): each one conditional
 * statement that keeps the newest, so that writes of one instance arriving in any order, from
 * any process sharing the mirror, leave what Feishu holds last. Descriptive fields an event
 * lacks (a node's name) are kept; a read fills them in.
 */
export class NativeWrites {
  private readonly s;

  constructor(engine: SqlEngine) {
    const a = approvalInstances;
    const t = approvalTasks;
    const c = approvalCcEntries;
    const held = (table: SQL, column: string) => sql`${table}.${id(column)}`;
    const tasks = sql`${t}`;
    const taskNewer = newer(sql`excluded.update_time`, sql`excluded.status`, held(tasks, 'update_time'), held(tasks, 'status'));
    const versioned = (column: string) => sql`${id(column)} = CASE WHEN ${taskNewer} THEN excluded.${id(column)} ELSE ${held(tasks, column)} END`;
    const kept = (table: SQL, column: string) => sql`${id(column)} = COALESCE(excluded.${id(column)}, ${held(table, column)})`;
    const ccs = sql`${c}`;
    this.s = {
      status: engine.prepare(
        sql`UPDATE ${a} SET status = ${ph('status')}, status_time = ${ph('time')}
            WHERE ${a.id} = ${ph('pk')} AND ${newer(sql`${ph('time')}`, sql`${ph('status')}`, sql`status_time`, sql`status`)}`,
      ),
      tasks: new RowInserts<TaskRow>(
        engine,
        t,
        writtenColumns(t),
        sql`ON CONFLICT (${id(t.instancePk.name)}, ${id(t.taskId.name)}) DO UPDATE SET
            ${sql.join(
              [
                ...['status', 'end_time', 'update_time'].map(versioned),
                ...['user_id', 'open_id', 'node_id', 'node_name', 'custom_node_id', 'task_type', 'start_time'].map((column) => kept(tasks, column)),
              ],
              sql`, `,
            )}`,
      ),
      cc: new RowInserts<CcRow>(
        engine,
        c,
        writtenColumns(c),
        sql`ON CONFLICT (${id(c.instancePk.name)}, ${id(c.ccId.name)}) DO UPDATE SET
            read_status = CASE WHEN excluded.read_status = 'READ' THEN 'READ' ELSE ${held(ccs, 'read_status')} END,
            create_time = CASE WHEN excluded.create_time < ${held(ccs, 'create_time')} THEN excluded.create_time ELSE ${held(ccs, 'create_time')} END,
            update_time = CASE WHEN excluded.update_time > ${held(ccs, 'update_time')} THEN excluded.update_time ELSE ${held(ccs, 'update_time')} END,
            ${sql.join(
              ['user_id', 'open_id', 'from_user_id'].map((column) => kept(ccs, column)),
              sql`, `,
            )}`,
      ),
    };
  }

  /** Writes the instance's status if it is newer than the one held; answers whether it was. */
  async status(tx: SqlRunner, pk: number, change: StatusChange): Promise<boolean> {
    return (await tx.run(this.s.status, { pk, ...change })) > 0;
  }

  /** Writes each task that is new, or newer than the one held (a read's node names always). */
  async tasks(tx: SqlRunner, pk: number, changes: readonly TaskChange[]): Promise<void> {
    const rows = changes.map(({ time, ...task }): TaskRow => ({ ...task, instancePk: pk, updateTime: time }));
    await this.s.tasks.run(tx, rows);
  }

  /** Writes each cc entry: a new one, or a read one (never back to unread). */
  async ccEntries(tx: SqlRunner, pk: number, changes: readonly CcChange[]): Promise<void> {
    const rows = changes.map(({ time, ...entry }): CcRow => ({ ...entry, instancePk: pk, updateTime: time }));
    await this.s.cc.run(tx, rows);
  }
}
