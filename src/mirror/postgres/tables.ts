import { sql } from 'drizzle-orm';
import { type PgColumn, bigint, boolean, customType, index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { DefinitionStatus } from '../../definitions/model.js';
import type { LocaleCode } from '../../locale.js';
import type { CreateApi } from '../../translate/create-instance-input.js';
import type {
  CcReadStatus,
  ExternalInstanceStatus,
  ExternalTaskStatus,
  InstanceDisplayMethod,
  TaskDisplayMethod,
  TaskGenerateType,
  UpdateMode,
} from '../../translate/external-instance-input.js';
import type { IntentState } from '../intents.js';
import type { NativeCcReadStatus, NativeInstanceStatus, NativeTaskStatus } from '../native-statuses.js';

/**
 * The mirror's tables on PostgreSQL, for drizzle-kit (`drizzle/postgres`): the same tables,
 * column names and row keys as ../tables.ts (the SQLite tables, whose names the mirror's SQL
 * uses on both engines; test/postgres-tables.test.ts keeps the two in step). Times and ids are
 * BIGINTs the engine reads as numbers. Comments on what the columns hold: ../tables.ts.
 */

/** Epoch milliseconds and ids: int8, read back as JS numbers (see the engine's type parser). */
const int8 = (name: string) => bigint(name, { mode: 'number' });
const id = () => int8('id').primaryKey().generatedByDefaultAsIdentity();
const isSet = (column: PgColumn) => sql`${column} IS NOT NULL`;
const unsettled = (table: { state: PgColumn; status: PgColumn }) =>
  sql`${table.state} = 'CREATED' AND (${table.status} IS NULL OR ${table.status} IN ('PENDING', 'OVERTIME_RECOVER'))`;

/** The search document of an instance (see ../search.ts). */
const tsvector = customType<{ data: string; driverData: string }>({ dataType: () => 'tsvector' });

export const externalInstances = pgTable(
  'external_instances',
  {
    id: id(),
    approvalCode: text('approval_code').notNull(),
    instanceId: text('instance_id').notNull(),
    status: text('status').$type<ExternalInstanceStatus>().notNull(),
    titleText: text('title_text'),
    userId: text('user_id'),
    openId: text('open_id'),
    userNameText: text('user_name_text'),
    departmentId: text('department_id'),
    departmentNameText: text('department_name_text'),
    startTime: int8('start_time').notNull(),
    endTime: int8('end_time'),
    updateTime: int8('update_time').notNull(),
    displayMethod: text('display_method').$type<InstanceDisplayMethod>(),
    updateMode: text('update_mode').$type<UpdateMode>().notNull(),
    pcLink: text('pc_link'),
    mobileLink: text('mobile_link'),
    extra: text('extra'),
    trusteeshipUserIdType: text('trusteeship_user_id_type'),
    trusteeshipUrls: text('trusteeship_urls'),
    trusteeshipCacheConfig: text('trusteeship_cache_config'),
    resourceRegion: text('resource_region'),
    defaultLocale: text('default_locale').$type<LocaleCode>().notNull(),
    lastSyncedAt: int8('last_synced_at').notNull(),
    firstSyncedAt: int8('first_synced_at').notNull(),
    revision: int8('revision').notNull().default(1),
  },
  (table) => [
    uniqueIndex('external_instances_code_id').on(table.approvalCode, table.instanceId),
    // Each list index ends with the id, the keyset's second key (SQLite's rowid follows by itself).
    index('external_instances_approval_update').on(table.approvalCode, table.updateTime, table.id),
    index('external_instances_status_update').on(table.status, table.updateTime, table.id),
    index('external_instances_user_update').on(table.userId, table.updateTime, table.id).where(isSet(table.userId)),
    index('external_instances_open_update').on(table.openId, table.updateTime, table.id).where(isSet(table.openId)),
    index('external_instances_department_update').on(table.departmentId, table.updateTime, table.id).where(isSet(table.departmentId)),
    index('external_instances_update').on(table.updateTime, table.id),
    index('external_instances_start').on(table.startTime, table.id),
    index('external_instances_end').on(table.endTime, table.id).where(isSet(table.endTime)),
  ],
);

export const externalInstancePayloads = pgTable('external_instance_payloads', {
  instancePk: int8('instance_pk')
    .primaryKey()
    .references(() => externalInstances.id, { onDelete: 'cascade' }),
  payload: text('payload').notNull(),
});

/**
 * SQLite's FTS5 table of the same name, as a tsvector per instance with a GIN index: every
 * word of a search must be in the document, as a word or the start of one.
 */
export const externalInstanceSearch = pgTable(
  'external_instance_search',
  {
    instancePk: int8('instance_pk')
      .primaryKey()
      .references(() => externalInstances.id, { onDelete: 'cascade' }),
    body: tsvector('body').notNull(),
  },
  (table) => [index('external_instance_search_body').using('gin', table.body)],
);

export const externalTasks = pgTable(
  'external_tasks',
  {
    id: id(),
    instancePk: int8('instance_pk')
      .notNull()
      .references(() => externalInstances.id, { onDelete: 'cascade' }),
    taskId: text('task_id').notNull(),
    userId: text('user_id'),
    openId: text('open_id'),
    titleText: text('title_text'),
    status: text('status').$type<ExternalTaskStatus>().notNull(),
    extra: text('extra'),
    createTime: int8('create_time').notNull(),
    endTime: int8('end_time'),
    updateTime: int8('update_time').notNull(),
    actionContext: text('action_context'),
    actionConfigs: text('action_configs').notNull().default('[]'),
    displayMethod: text('display_method').$type<TaskDisplayMethod>(),
    excludeStatistics: boolean('exclude_statistics'),
    nodeId: text('node_id'),
    nodeNameText: text('node_name_text'),
    generateType: text('generate_type').$type<TaskGenerateType>(),
    pcLink: text('pc_link'),
    mobileLink: text('mobile_link'),
    // Stored: PostgreSQL 17 has no virtual generated columns.
    taskGroup: text('task_group').generatedAlwaysAs(
      sql`CASE WHEN status = 'PENDING' THEN 'PENDING' WHEN status IN ('APPROVED', 'REJECTED', 'TRANSFERRED') THEN 'DONE' END`,
    ),
  },
  (table) => [
    uniqueIndex('external_tasks_instance_task').on(table.instancePk, table.taskId),
    index('external_tasks_user_group_update').on(table.userId, table.taskGroup, table.updateTime, table.id).where(isSet(table.userId)),
    index('external_tasks_open_group_update').on(table.openId, table.taskGroup, table.updateTime, table.id).where(isSet(table.openId)),
  ],
);

export const externalCcEntries = pgTable(
  'external_cc_entries',
  {
    id: id(),
    instancePk: int8('instance_pk')
      .notNull()
      .references(() => externalInstances.id, { onDelete: 'cascade' }),
    ccId: text('cc_id').notNull(),
    userId: text('user_id'),
    openId: text('open_id'),
    titleText: text('title_text'),
    readStatus: text('read_status').$type<CcReadStatus>(),
    extra: text('extra'),
    createTime: int8('create_time').notNull(),
    updateTime: int8('update_time').notNull(),
    displayMethod: text('display_method').$type<TaskDisplayMethod>(),
    pcLink: text('pc_link'),
    mobileLink: text('mobile_link'),
  },
  (table) => [
    uniqueIndex('external_cc_entries_instance_cc').on(table.instancePk, table.ccId),
    index('external_cc_entries_user_update').on(table.userId, table.updateTime, table.id).where(isSet(table.userId)),
    index('external_cc_entries_open_update').on(table.openId, table.updateTime, table.id).where(isSet(table.openId)),
    index('external_cc_entries_user_read_update').on(table.userId, table.readStatus, table.updateTime, table.id).where(isSet(table.userId)),
    index('external_cc_entries_open_read_update').on(table.openId, table.readStatus, table.updateTime, table.id).where(isSet(table.openId)),
  ],
);

export const externalFormEntries = pgTable(
  'external_form_entries',
  {
    instancePk: int8('instance_pk')
      .notNull()
      .references(() => externalInstances.id, { onDelete: 'cascade' }),
    position: int8('position').notNull(),
    nameText: text('name_text').notNull(),
    valueText: text('value_text').notNull(),
  },
  (table) => [primaryKey({ columns: [table.instancePk, table.position] })],
);

export const externalTexts = pgTable(
  'external_texts',
  {
    instancePk: int8('instance_pk')
      .notNull()
      .references(() => externalInstances.id, { onDelete: 'cascade' }),
    textKey: text('text_key').notNull(),
    locale: text('locale').notNull(),
    value: text('value').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
  },
  (table) => [primaryKey({ columns: [table.instancePk, table.textKey, table.locale] })],
);

export const approvalInstances = pgTable(
  'approval_instances',
  {
    id: id(),
    uuid: text('uuid').notNull(),
    uuidKey: text('uuid_key').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state').$type<IntentState>().notNull(),
    api: text('api').$type<CreateApi>().notNull(),
    instanceCode: text('instance_code'),
    instanceLink: text('instance_link'),
    approvalCode: text('approval_code').notNull(),
    userId: text('user_id'),
    openId: text('open_id'),
    departmentId: text('department_id'),
    form: text('form').notNull(),
    titleKey: text('title_key'),
    i18nResources: text('i18n_resources'),
    defaultLocale: text('default_locale').$type<LocaleCode>().notNull(),
    payload: text('payload').notNull(),
    attempts: int8('attempts').notNull().default(0),
    outcomeUnknown: boolean('outcome_unknown').notNull().default(false),
    reconciled: boolean('reconciled').notNull().default(false),
    /** The lease of the attempt in flight (see the SQLite table). */
    attemptOwner: text('attempt_owner'),
    attemptExpiresAt: int8('attempt_expires_at'),
    lastErrorCode: text('last_error_code'),
    lastErrorMessage: text('last_error_message'),
    createdAt: int8('created_at').notNull(),
    updatedAt: int8('updated_at').notNull(),
    status: text('status').$type<NativeInstanceStatus>(),
    statusTime: int8('status_time'),
    refreshedAt: int8('refreshed_at').notNull().default(0),
  },
  (table) => [
    uniqueIndex('approval_instances_uuid_key').on(table.uuidKey),
    uniqueIndex('approval_instances_instance_code').on(table.instanceCode),
    index('approval_instances_approval_created').on(table.approvalCode, table.createdAt, table.id),
    index('approval_instances_user_created').on(table.userId, table.createdAt, table.id).where(isSet(table.userId)),
    index('approval_instances_open_created').on(table.openId, table.createdAt, table.id).where(isSet(table.openId)),
    index('approval_instances_state_created').on(table.state, table.createdAt, table.id),
    index('approval_instances_created').on(table.createdAt, table.id),
    index('approval_instances_user_state_updated').on(table.userId, table.state, table.updatedAt, table.id).where(isSet(table.userId)),
    index('approval_instances_open_state_updated').on(table.openId, table.state, table.updatedAt, table.id).where(isSet(table.openId)),
    index('approval_instances_attempt_expires').on(table.attemptExpiresAt).where(isSet(table.attemptOwner)),
    index('approval_instances_unsettled').on(table.refreshedAt, table.id).where(unsettled(table)),
  ],
);

export const approvalTasks = pgTable(
  'approval_tasks',
  {
    id: id(),
    instancePk: int8('instance_pk')
      .notNull()
      .references(() => approvalInstances.id, { onDelete: 'cascade' }),
    taskId: text('task_id').notNull(),
    userId: text('user_id'),
    openId: text('open_id'),
    status: text('status').$type<NativeTaskStatus>().notNull(),
    nodeId: text('node_id'),
    nodeName: text('node_name'),
    customNodeId: text('custom_node_id'),
    taskType: text('task_type'),
    startTime: int8('start_time'),
    endTime: int8('end_time'),
    updateTime: int8('update_time').notNull(),
    taskGroup: text('task_group').generatedAlwaysAs(
      sql`CASE WHEN status = 'PENDING' THEN 'PENDING' WHEN status IN ('APPROVED', 'REJECTED', 'TRANSFERRED') THEN 'DONE' END`,
    ),
  },
  (table) => [
    uniqueIndex('approval_tasks_instance_task').on(table.instancePk, table.taskId),
    index('approval_tasks_user_group_update').on(table.userId, table.taskGroup, table.updateTime, table.id).where(isSet(table.userId)),
    index('approval_tasks_open_group_update').on(table.openId, table.taskGroup, table.updateTime, table.id).where(isSet(table.openId)),
  ],
);

export const approvalCcEntries = pgTable(
  'approval_cc_entries',
  {
    id: id(),
    instancePk: int8('instance_pk')
      .notNull()
      .references(() => approvalInstances.id, { onDelete: 'cascade' }),
    ccId: text('cc_id').notNull(),
    userId: text('user_id'),
    openId: text('open_id'),
    readStatus: text('read_status').$type<NativeCcReadStatus>().notNull(),
    fromUserId: text('from_user_id'),
    createTime: int8('create_time').notNull(),
    updateTime: int8('update_time').notNull(),
  },
  (table) => [
    uniqueIndex('approval_cc_entries_instance_cc').on(table.instancePk, table.ccId),
    index('approval_cc_entries_user_update').on(table.userId, table.updateTime, table.id).where(isSet(table.userId)),
    index('approval_cc_entries_open_update').on(table.openId, table.updateTime, table.id).where(isSet(table.openId)),
  ],
);

export const approvalSubscriptions = pgTable('approval_subscriptions', {
  approvalCode: text('approval_code').primaryKey(),
  subscribedAt: int8('subscribed_at').notNull(),
});

export const feishuEvents = pgTable(
  'feishu_events',
  {
    eventId: text('event_id').primaryKey(),
    eventType: text('event_type').notNull(),
    instanceCode: text('instance_code'),
    body: text('body').notNull(),
    state: text('state').$type<'RECEIVED' | 'APPLIED' | 'WAITING'>().notNull(),
    receivedAt: int8('received_at').notNull(),
    appliedAt: int8('applied_at'),
  },
  (table) => [
    index('feishu_events_state_received').on(table.state, table.receivedAt),
    index('feishu_events_waiting').on(table.instanceCode).where(sql`${table.state} = 'WAITING'`),
  ],
);

export const approvalDefinitions = pgTable('approval_definitions', {
  approvalCode: text('approval_code').primaryKey(),
  status: text('status').$type<DefinitionStatus>(),
  defaultLocale: text('default_locale').$type<LocaleCode>().notNull(),
  name: text('name').notNull(),
  form: text('form').notNull(),
  nodes: text('nodes').notNull(),
  fetchedAt: int8('fetched_at').notNull(),
});

/**
 * The Feishu calls granted per endpoint across every process sharing the database (see
 * ../../feishu/shared-rate-limit.ts): one row per call, kept for the longest window.
 */
export const feishuRateSlots = pgTable(
  'feishu_rate_slots',
  {
    endpoint: text('endpoint').notNull(),
    /** When the call may go, epoch milliseconds of the database's clock. */
    slot: int8('slot').notNull(),
  },
  (table) => [index('feishu_rate_slots_endpoint_slot').on(table.endpoint, table.slot)],
);
