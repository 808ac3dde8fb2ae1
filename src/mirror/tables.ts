import { sql } from 'drizzle-orm';
import { type SQLiteColumn, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { LocaleCode } from '../locale.js';
import type { CreateApi } from '../translate/create-instance-input.js';
import type {
  CcReadStatus,
  ExternalInstanceStatus,
  ExternalTaskStatus,
  InstanceDisplayMethod,
  TaskDisplayMethod,
  TaskGenerateType,
  UpdateMode,
} from '../translate/external-instance-input.js';
import type { IntentState } from './intents.js';
import type { NativeCcReadStatus, NativeInstanceStatus, NativeTaskStatus } from './native-statuses.js';

/**
 * The mirror: what Feishu accepted, as the facade sent it. Times are Unix milliseconds.
 * Localized fields hold a text key (`*_text` columns) into `external_texts`; a text key is
 * derived from the text's content, so texts from different pushes never collide.
 * The mirror's SQL names these tables on both engines: a change here goes into
 * postgres/tables.ts too (test/postgres-tables.test.ts fails until it does).
 */

/**
 * The condition of a partial index on an optional column: rows without a value have no entry.
 * Feishu takes a user_id or an open_id (a team usually sends one kind), a department only
 * sometimes, an end time once finished: with full indexes, every push wrote entries for the
 * NULLs of the columns it left out, pages a commit writes and no query reads (every filter on
 * such a column is an equality or a range, which SQLite knows excludes NULL).
 */
export * from './definition-tables.js';

const isSet = (column: SQLiteColumn) => sql`${column} IS NOT NULL`;

/** A created native instance whose status is not final: the background refresh reads it again. */
export const unsettledInstance = (table: { state: SQLiteColumn; status: SQLiteColumn }) =>
  sql`${table.state} = 'CREATED' AND (${table.status} IS NULL OR ${table.status} IN ('PENDING', 'OVERTIME_RECOVER'))`;

export const externalInstances = sqliteTable(
  'external_instances',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    approvalCode: text('approval_code').notNull(),
    instanceId: text('instance_id').notNull(),
    status: text('status').$type<ExternalInstanceStatus>().notNull(),
    titleText: text('title_text'),
    userId: text('user_id'),
    openId: text('open_id'),
    userNameText: text('user_name_text'),
    departmentId: text('department_id'),
    departmentNameText: text('department_name_text'),
    startTime: integer('start_time').notNull(),
    /** Null while the instance is unfinished (Feishu's 0). */
    endTime: integer('end_time'),
    updateTime: integer('update_time').notNull(),
    displayMethod: text('display_method').$type<InstanceDisplayMethod>(),
    updateMode: text('update_mode').$type<UpdateMode>().notNull(),
    pcLink: text('pc_link'),
    mobileLink: text('mobile_link'),
    /** Compact JSON text, as sent. */
    extra: text('extra'),
    trusteeshipUserIdType: text('trusteeship_user_id_type'),
    /** JSON text of the wire object, as sent. */
    trusteeshipUrls: text('trusteeship_urls'),
    trusteeshipCacheConfig: text('trusteeship_cache_config'),
    resourceRegion: text('resource_region'),
    /** The locale marked is_default in the push that last wrote the instance. */
    defaultLocale: text('default_locale').$type<LocaleCode>().notNull(),
    /** When the last accepted push that changed the mirror came (its body: external_instance_payloads). */
    lastSyncedAt: integer('last_synced_at').notNull(),
    firstSyncedAt: integer('first_synced_at').notNull(),
    /** How many accepted pushes wrote the instance row: 1 for the push that created it. */
    revision: integer('revision').notNull().default(1),
  },
  (table) => [
    uniqueIndex('external_instances_code_id').on(table.approvalCode, table.instanceId),
    // One index per filter of the list queries, each ending with a sort key (the rowid follows).
    index('external_instances_approval_update').on(table.approvalCode, table.updateTime),
    index('external_instances_status_update').on(table.status, table.updateTime),
    index('external_instances_user_update').on(table.userId, table.updateTime).where(isSet(table.userId)),
    index('external_instances_open_update').on(table.openId, table.updateTime).where(isSet(table.openId)),
    index('external_instances_department_update').on(table.departmentId, table.updateTime).where(isSet(table.departmentId)),
    index('external_instances_update').on(table.updateTime),
    index('external_instances_start').on(table.startTime),
    index('external_instances_end').on(table.endTime).where(isSet(table.endTime)),
  ],
);

/**
 * The exact body of the last accepted push that changed each instance. Apart from the instance
 * rows, which it would make ten times larger: list queries read many instance rows.
 */
export const externalInstancePayloads = sqliteTable('external_instance_payloads', {
  instancePk: integer('instance_pk')
    .primaryKey()
    .references(() => externalInstances.id, { onDelete: 'cascade' }),
  payload: text('payload').notNull(),
});

export const externalTasks = sqliteTable(
  'external_tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    instancePk: integer('instance_pk')
      .notNull()
      .references(() => externalInstances.id, { onDelete: 'cascade' }),
    taskId: text('task_id').notNull(),
    userId: text('user_id'),
    openId: text('open_id'),
    titleText: text('title_text'),
    status: text('status').$type<ExternalTaskStatus>().notNull(),
    extra: text('extra'),
    createTime: integer('create_time').notNull(),
    endTime: integer('end_time'),
    updateTime: integer('update_time').notNull(),
    actionContext: text('action_context'),
    /** JSON array of { actionType, actionNameText, isNeedReason, isReasonRequired, isNeedAttachment }. */
    actionConfigs: text('action_configs').notNull().default('[]'),
    displayMethod: text('display_method').$type<TaskDisplayMethod>(),
    excludeStatistics: integer('exclude_statistics', { mode: 'boolean' }),
    nodeId: text('node_id'),
    nodeNameText: text('node_name_text'),
    generateType: text('generate_type').$type<TaskGenerateType>(),
    pcLink: text('pc_link'),
    mobileLink: text('mobile_link'),
    /**
     * The approval center's task list the task is on: PENDING (pending), DONE (done: approved,
     * rejected, transferred). None for a task with status DONE, which passed without its approver
     * and is not theirs to see (seed 001); it stays on its instance's task list.
     */
    taskGroup: text('task_group').generatedAlwaysAs(
      sql`CASE WHEN status = 'PENDING' THEN 'PENDING' WHEN status IN ('APPROVED', 'REJECTED', 'TRANSFERRED') THEN 'DONE' END`,
      { mode: 'virtual' },
    ),
  },
  (table) => [
    uniqueIndex('external_tasks_instance_task').on(table.instancePk, table.taskId),
    index('external_tasks_user_group_update').on(table.userId, table.taskGroup, table.updateTime).where(isSet(table.userId)),
    index('external_tasks_open_group_update').on(table.openId, table.taskGroup, table.updateTime).where(isSet(table.openId)),
  ],
);

export const externalCcEntries = sqliteTable(
  'external_cc_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    instancePk: integer('instance_pk')
      .notNull()
      .references(() => externalInstances.id, { onDelete: 'cascade' }),
    ccId: text('cc_id').notNull(),
    userId: text('user_id'),
    openId: text('open_id'),
    titleText: text('title_text'),
    readStatus: text('read_status').$type<CcReadStatus>(),
    extra: text('extra'),
    createTime: integer('create_time').notNull(),
    updateTime: integer('update_time').notNull(),
    displayMethod: text('display_method').$type<TaskDisplayMethod>(),
    pcLink: text('pc_link'),
    mobileLink: text('mobile_link'),
  },
  (table) => [
    uniqueIndex('external_cc_entries_instance_cc').on(table.instancePk, table.ccId),
    index('external_cc_entries_user_update').on(table.userId, table.updateTime).where(isSet(table.userId)),
    index('external_cc_entries_open_update').on(table.openId, table.updateTime).where(isSet(table.openId)),
    index('external_cc_entries_user_read_update').on(table.userId, table.readStatus, table.updateTime).where(isSet(table.userId)),
    index('external_cc_entries_open_read_update').on(table.openId, table.readStatus, table.updateTime).where(isSet(table.openId)),
  ],
);

export const externalFormEntries = sqliteTable(
  'external_form_entries',
  {
    instancePk: integer('instance_pk')
      .notNull()
      .references(() => externalInstances.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    nameText: text('name_text').notNull(),
    valueText: text('value_text').notNull(),
  },
  (table) => [primaryKey({ columns: [table.instancePk, table.position] })],
);

/**
 * A WITHOUT ROWID table (migration 0007, written by hand: drizzle-kit cannot express the clause):
 * a text row lives in its primary-key B-tree, one search to read it, one B-tree to write. A
 * migration drizzle-kit generates for a change to this table rebuilds it without the clause;
 * add it back by hand (test/migrations.test.ts fails until then).
 */
export const externalTexts = sqliteTable(
  'external_texts',
  {
    instancePk: integer('instance_pk')
      .notNull()
      .references(() => externalInstances.id, { onDelete: 'cascade' }),
    textKey: text('text_key').notNull(),
    locale: text('locale').notNull(),
    value: text('value').notNull(),
    isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(sql`0`),
  },
  (table) => [primaryKey({ columns: [table.instancePk, table.textKey, table.locale] })],
);

export type ExternalInstanceRow = typeof externalInstances.$inferSelect;
export type ExternalTaskRow = typeof externalTasks.$inferSelect;
export type ExternalCcRow = typeof externalCcEntries.$inferSelect;
export type ExternalFormRow = typeof externalFormEntries.$inferSelect;
export type ExternalTextRow = typeof externalTexts.$inferSelect;

/**
 * Native instances created through the facade, one row per idempotency key (uuid). The row is
 * written as an intent before Feishu is called; only state CREATED means Feishu accepted it.
 */
export const approvalInstances = sqliteTable(
  'approval_instances',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The idempotency key as sent; `uuid_key` is its upper-case form (Feishu ignores case). */
    uuid: text('uuid').notNull(),
    uuidKey: text('uuid_key').notNull(),
    /** sha256 of the canonical v4 payload without the uuid. */
    requestHash: text('request_hash').notNull(),
    /**
     * PENDING (not settled: an attempt in flight, or the last one ended without Feishu creating
     * the instance for certain), CREATED, FAILED (Feishu refused, and no attempt of the intent has
     * an unknown outcome: nothing was created).
     */
    state: text('state').$type<IntentState>().notNull(),
    /** v4 or v2: the API of the last attempt. */
    api: text('api').$type<CreateApi>().notNull(),
    instanceCode: text('instance_code'),
    instanceLink: text('instance_link'),
    approvalCode: text('approval_code').notNull(),
    userId: text('user_id'),
    openId: text('open_id'),
    departmentId: text('department_id'),
    /** The `form` JSON text as sent. */
    form: text('form').notNull(),
    /** The payload's `@i18n@` key of the title, resolved through `i18n_resources`. */
    titleKey: text('title_key'),
    /** JSON of the i18n_resources sent (v4), or null. */
    i18nResources: text('i18n_resources'),
    defaultLocale: text('default_locale').$type<LocaleCode>().notNull(),
    /** The exact body of the last attempt. */
    payload: text('payload').notNull(),
    attempts: integer('attempts').notNull().default(0),
    /**
     * An attempt may have reached Feishu without its answer being known: it ended without one
     * (dropped connection, timeout, 5xx), or its process stopped mid-call (its lease expired).
     * Feishu's 60012 on a later attempt then means the intent created the instance.
     */
    outcomeUnknown: integer('outcome_unknown', { mode: 'boolean' }).notNull().default(false),
    /** Created as established by Feishu's 60012 on a retry of this intent. */
    reconciled: integer('reconciled', { mode: 'boolean' }).notNull().default(false),
    /**
     * The lease of the attempt in flight: who sends it (a facade process) and until when it
     * counts as alive (Unix ms). Null when no attempt is in flight. Written by the statement that
     * begins the attempt and cleared by the one that records its outcome, so a lease that expired
     * is an attempt abandoned mid-call (its process died): its outcome is unknown.
     */
    attemptOwner: text('attempt_owner'),
    attemptExpiresAt: integer('attempt_expires_at'),
    lastErrorCode: text('last_error_code'),
    lastErrorMessage: text('last_error_message'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /**
     * Feishu's status of the created instance: PENDING once created (assumed until an event or a
     * read tells more), then as events and reads say. Null while not CREATED.
     */
    status: text('status').$type<NativeInstanceStatus>(),
    /**
     * Feishu's time (Unix ms) of the status held: the operate time of the event, or the read
     * instance's end (else start) time. Null while the status is the one assumed at creation. An
     * event or a read is written only if its time is newer (see native-writes.ts).
     */
    statusTime: integer('status_time'),
    /** When the instance was last read from Feishu (GET), Unix ms of the facade's clock; 0: never. */
    refreshedAt: integer('refreshed_at').notNull().default(0),
  },
  (table) => [
    uniqueIndex('approval_instances_uuid_key').on(table.uuidKey),
    uniqueIndex('approval_instances_instance_code').on(table.instanceCode),
    index('approval_instances_approval_created').on(table.approvalCode, table.createdAt),
    index('approval_instances_user_created').on(table.userId, table.createdAt).where(isSet(table.userId)),
    index('approval_instances_open_created').on(table.openId, table.createdAt).where(isSet(table.openId)),
    index('approval_instances_state_created').on(table.state, table.createdAt),
    index('approval_instances_created').on(table.createdAt),
    index('approval_instances_user_state_updated').on(table.userId, table.state, table.updatedAt).where(isSet(table.userId)),
    index('approval_instances_open_state_updated').on(table.openId, table.state, table.updatedAt).where(isSet(table.openId)),
    // The attempts in flight, by when their lease expires: where start-up and the sweep look for abandoned ones.
    index('approval_instances_attempt_expires').on(table.attemptExpiresAt).where(isSet(table.attemptOwner)),
    // The created instances not in a final state, least recently read first: what the background refresh reads.
    index('approval_instances_unsettled').on(table.refreshedAt).where(unsettledInstance(table)),
  ],
);

export type ApprovalInstanceRow = typeof approvalInstances.$inferSelect;

/**
 * The tasks of native instances, as Feishu's events (approval_task) and reads (GET instance)
 * tell them. A task is written only if what tells it is newer than what the row holds.
 */
export const approvalTasks = sqliteTable(
  'approval_tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    instancePk: integer('instance_pk')
      .notNull()
      .references(() => approvalInstances.id, { onDelete: 'cascade' }),
    taskId: text('task_id').notNull(),
    userId: text('user_id'),
    openId: text('open_id'),
    status: text('status').$type<NativeTaskStatus>().notNull(),
    nodeId: text('node_id'),
    /** In the locale Feishu answered the read in; events carry none. */
    nodeName: text('node_name'),
    customNodeId: text('custom_node_id'),
    /** AND, OR, AUTO_PASS, AUTO_REJECT, SEQUENTIAL (reads only). */
    taskType: text('task_type'),
    startTime: integer('start_time'),
    endTime: integer('end_time'),
    /** Feishu's time of the last change written: the event's operate time, or the read task's end (else start) time. */
    updateTime: integer('update_time').notNull(),
    /** As external_tasks.task_group: PENDING, DONE (approved, rejected, transferred), or none. */
    taskGroup: text('task_group').generatedAlwaysAs(
      sql`CASE WHEN status = 'PENDING' THEN 'PENDING' WHEN status IN ('APPROVED', 'REJECTED', 'TRANSFERRED') THEN 'DONE' END`,
      { mode: 'virtual' },
    ),
  },
  (table) => [
    uniqueIndex('approval_tasks_instance_task').on(table.instancePk, table.taskId),
    index('approval_tasks_user_group_update').on(table.userId, table.taskGroup, table.updateTime).where(isSet(table.userId)),
    index('approval_tasks_open_group_update').on(table.openId, table.taskGroup, table.updateTime).where(isSet(table.openId)),
  ],
);

/** The cc entries of native instances, as Feishu's approval_cc events and reads tell them. */
export const approvalCcEntries = sqliteTable(
  'approval_cc_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    instancePk: integer('instance_pk')
      .notNull()
      .references(() => approvalInstances.id, { onDelete: 'cascade' }),
    ccId: text('cc_id').notNull(),
    userId: text('user_id'),
    openId: text('open_id'),
    /** UNREAD until a READ event; never back. */
    readStatus: text('read_status').$type<NativeCcReadStatus>().notNull(),
    /** Who copied them (the event's `from`). */
    fromUserId: text('from_user_id'),
    createTime: integer('create_time').notNull(),
    /** Feishu's time of the last change written (its creation, or its reading). */
    updateTime: integer('update_time').notNull(),
  },
  (table) => [
    uniqueIndex('approval_cc_entries_instance_cc').on(table.instancePk, table.ccId),
    index('approval_cc_entries_user_update').on(table.userId, table.updateTime).where(isSet(table.userId)),
    index('approval_cc_entries_open_update').on(table.openId, table.updateTime).where(isSet(table.openId)),
  ],
);

export type NativeTaskRow = typeof approvalTasks.$inferSelect;
export type NativeCcRow = typeof approvalCcEntries.$inferSelect;

/** The approval definitions the app subscribed to (Feishu sends events only for those): each once. */
export const approvalSubscriptions = sqliteTable('approval_subscriptions', {
  approvalCode: text('approval_code').primaryKey(),
  subscribedAt: integer('subscribed_at').notNull(),
});

/**
 * Feishu's event callbacks received, by event id (Feishu retries a delivery it did not see
 * answered: a duplicate finds its id here). The state says what became of it: RECEIVED
 * (recorded, not applied yet), APPLIED (in the same transaction as its writes), WAITING (its
 * instance is not in the mirror yet: applied once its creation is recorded).
 */
export const feishuEvents = sqliteTable(
  'feishu_events',
  {
    eventId: text('event_id').primaryKey(),
    eventType: text('event_type').notNull(),
    instanceCode: text('instance_code'),
    /** The event object as Feishu sent it (decrypted), its envelope left out. */
    body: text('body').notNull(),
    state: text('state').$type<'RECEIVED' | 'APPLIED' | 'WAITING'>().notNull(),
    receivedAt: integer('received_at').notNull(),
    appliedAt: integer('applied_at'),
  },
  (table) => [
    index('feishu_events_state_received').on(table.state, table.receivedAt),
    index('feishu_events_waiting').on(table.instanceCode).where(sql`${table.state} = 'WAITING'`),
  ],
);
