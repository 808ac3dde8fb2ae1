import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { DefinitionStatus } from '../definitions/model.js';
import type { LocaleCode } from '../locale.js';

/**
 * Approval definitions as read from Feishu (GET /open-apis/approval/v4/approvals/:approval_code),
 * one row per code, read again once older than FEISHU_DEFINITION_MAX_AGE_MS. The names, widgets
 * and nodes are JSON text (src/definitions/model.ts), names in every locale read.
 */
export const approvalDefinitions = sqliteTable('approval_definitions', {
  approvalCode: text('approval_code').primaryKey(),
  /** Null when Feishu answered that it has no such definition (1390002): kept as long as a found one. */
  status: text('status').$type<DefinitionStatus>(),
  /** The locale read first, which every name has. */
  defaultLocale: text('default_locale').$type<LocaleCode>().notNull(),
  /** JSON: locale → the definition's name. */
  name: text('name').notNull(),
  /** JSON: the widgets, with their options and a fieldList's columns. */
  form: text('form').notNull(),
  /** JSON: the process's nodes. */
  nodes: text('nodes').notNull(),
  /** When Feishu was read. */
  fetchedAt: integer('fetched_at').notNull(),
});

export type ApprovalDefinitionRow = typeof approvalDefinitions.$inferSelect;
