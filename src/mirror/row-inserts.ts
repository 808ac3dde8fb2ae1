import { type Column, type SQL, type Table, getTableColumns, sql } from 'drizzle-orm';
import type { PreparedSql, SqlEngine, SqlRunner, Values } from './engine.js';

/** The columns a statement writes: every column of the table but the generated ones, the id and those listed. */
export function writtenColumns(table: Table, except: readonly string[] = []): [string, Column][] {
  return Object.entries(getTableColumns(table)).filter(([key, column]) => key !== 'id' && !column.generated && !except.includes(key));
}

export const columnList = (columns: readonly [string, Column][]): SQL =>
  sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );

/** Bound values per statement, under SQLite's limit (32,766) and PostgreSQL's (65,535). */
const MAX_VALUES = 30_000;

/**
 * `INSERT INTO table (columns) VALUES (…), (…) <tail>` for any number of rows: one statement per
 * row count, rendered once, run in chunks that stay under the engines' limits on bound values.
 */
export class RowInserts<Row extends Record<string, unknown>> {
  private readonly statements = new Map<number, PreparedSql>();
  private readonly chunk: number;

  constructor(
    private readonly engine: SqlEngine,
    private readonly table: Table,
    private readonly columns: readonly [string, Column][],
    private readonly tail: SQL = sql``,
  ) {
    this.chunk = Math.max(1, Math.floor(MAX_VALUES / columns.length));
  }

  /** Inserts the rows; answers what each chunk's statement answers (its RETURNING rows), concatenated. */
  async all<Returned>(tx: SqlRunner, rows: readonly Row[]): Promise<Returned[]> {
    const out: Returned[] = [];
    for (let start = 0; start < rows.length; start += this.chunk) {
      const part = rows.slice(start, start + this.chunk);
      out.push(...(await tx.all<Returned>(this.statement(part.length), this.values(part))));
    }
    return out;
  }

  /** Inserts the rows; answers how many rows the statements changed. */
  async run(tx: SqlRunner, rows: readonly Row[]): Promise<number> {
    let changed = 0;
    for (let start = 0; start < rows.length; start += this.chunk) {
      const part = rows.slice(start, start + this.chunk);
      changed += await tx.run(this.statement(part.length), this.values(part));
    }
    return changed;
  }

  private values(rows: readonly Row[]): Values {
    const values: Values = {};
    rows.forEach((row, index) => {
      for (const [key] of this.columns) values[`${key}${index}`] = row[key] ?? null;
    });
    return values;
  }

  private statement(count: number): PreparedSql {
    let statement = this.statements.get(count);
    if (!statement) {
      const tuples = Array.from(
        { length: count },
        (_, index) =>
          sql`(${sql.join(
            this.columns.map(([key]) => sql.placeholder(`${key}${index}`)),
            sql`, `,
          )})`,
      );
      statement = this.engine.prepare(sql`INSERT INTO ${this.table} (${columnList(this.columns)}) VALUES ${sql.join(tuples, sql`, `)} ${this.tail}`);
      this.statements.set(count, statement);
    }
    return statement;
  }
}
