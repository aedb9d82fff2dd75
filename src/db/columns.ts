// Cross-dialect column conventions, so one migration set serves SQLite and PostgreSQL:
// ids are integer autoincrement (bigserial on PostgreSQL); times are epoch milliseconds in `bigint`
// (pg's int8 parser is set to Number in connect.ts; ms fit in 2^53); booleans are integer 0|1; JSON is text.
import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

export function withId<T extends string>(table: CreateTableBuilder<T, never>, dialect: Dialect): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export const notNull = (c: ColumnDefinitionBuilder) => c.notNull();

/** A foreign key column to `table.id`, cascading deletes when asked (team deletion removes its rows). */
export function ref(table: string, opts: { nullable?: boolean; cascade?: boolean } = {}) {
  return (c: ColumnDefinitionBuilder) => {
    let col = c.references(`${table}.id`);
    if (opts.cascade) col = col.onDelete('cascade');
    return opts.nullable ? col : col.notNull();
  };
}

/**
 * Refuse UPDATE and DELETE on a table, for append-only records. Enforced by the database itself so that no code path,
 * ours or an operator's ad-hoc query through the app, can rewrite history.
 */
export async function makeAppendOnly(db: Kysely<any>, dialect: Dialect, table: string): Promise<void> {
  if (dialect === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql.raw(`CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
        BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`).execute(db);
    }
    return;
  }
  await sql.raw(`CREATE OR REPLACE FUNCTION lettr_refuse_change() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$ LANGUAGE plpgsql`).execute(db);
  await sql.raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
    FOR EACH ROW EXECUTE FUNCTION lettr_refuse_change()`).execute(db);
}
