import { getTableColumns, sql } from 'drizzle-orm';
import type { ApprovalDefinition } from '../definitions/model.js';
import type { LocaleCode } from '../locale.js';
import { selectColumns } from './columns.js';
import type { PreparedSql, SqlEngine } from './engine.js';
import { type ApprovalDefinitionRow, approvalDefinitions } from './tables.js';

/** What the mirror holds of a code: the definition, or Feishu's word that there is none, as of `fetchedAt`. */
export type StoredDefinition = { found: true; definition: ApprovalDefinition } | { found: false; approvalCode: string; fetchedAt: number };

const ph = sql.placeholder;
const t = approvalDefinitions;

function toRow(stored: StoredDefinition, defaultLocale: LocaleCode): ApprovalDefinitionRow {
  if (!stored.found) {
    return { approvalCode: stored.approvalCode, status: null, defaultLocale, name: '{}', form: '[]', nodes: '[]', fetchedAt: stored.fetchedAt };
  }
  const { definition } = stored;
  return {
    approvalCode: definition.approvalCode,
    status: definition.status,
    defaultLocale: definition.defaultLocale,
    name: JSON.stringify(definition.name),
    form: JSON.stringify(definition.widgets),
    nodes: JSON.stringify(definition.nodes),
    fetchedAt: definition.fetchedAt,
  };
}

function fromRow(row: ApprovalDefinitionRow): StoredDefinition {
  if (row.status === null) return { found: false, approvalCode: row.approvalCode, fetchedAt: row.fetchedAt };
  return {
    found: true,
    definition: {
      approvalCode: row.approvalCode,
      status: row.status,
      defaultLocale: row.defaultLocale,
      name: JSON.parse(row.name) as ApprovalDefinition['name'],
      widgets: JSON.parse(row.form) as ApprovalDefinition['widgets'],
      nodes: JSON.parse(row.nodes) as ApprovalDefinition['nodes'],
      fetchedAt: row.fetchedAt,
    },
  };
}

/** The approval definitions read from Feishu: one row per code, each write one statement. */
export class DefinitionStore {
  private readonly statements: Record<'read' | 'write', PreparedSql>;

  constructor(private readonly engine: SqlEngine) {
    const keys = Object.keys(getTableColumns(t)) as (keyof ApprovalDefinitionRow)[];
    const column = (key: keyof ApprovalDefinitionRow) => sql.identifier(t[key].name);
    const changing = keys.filter((key) => key !== 'approvalCode');
    this.statements = {
      read: engine.prepare(sql`SELECT ${selectColumns(t)} FROM ${t} WHERE ${t.approvalCode} = ${ph('approvalCode')}`),
      // A read that answered later than the one stored wins, whichever process writes first.
      write: engine.prepare(
        sql`INSERT INTO ${t} (${sql.join(keys.map(column), sql`, `)}) VALUES (${sql.join(
          keys.map((key) => ph(key)),
          sql`, `,
        )})
            ON CONFLICT (${column('approvalCode')}) DO UPDATE SET ${sql.join(
              changing.map((key) => sql`${column(key)} = excluded.${column(key)}`),
              sql`, `,
            )}
            WHERE excluded.fetched_at >= ${t}.fetched_at`,
      ),
    };
  }

  async read(approvalCode: string): Promise<StoredDefinition | null> {
    const [row] = await this.engine.all<ApprovalDefinitionRow>(this.statements.read, { approvalCode });
    return row ? fromRow(row) : null;
  }

  /** Keeps what Feishu answered; `defaultLocale` stands in the row of a code Feishu does not know. */
  async write(stored: StoredDefinition, defaultLocale: LocaleCode): Promise<void> {
    await this.engine.write(this.statements.write, { ...toRow(stored, defaultLocale) });
  }
}
