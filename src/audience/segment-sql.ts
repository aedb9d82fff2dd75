// Segment predicates as SQL over the contact row aliased `c`, for both databases: the audience is filtered in the
// database, never loaded into memory. Text tests use instr/strpos and substr rather than LIKE, whose case rules differ
// between SQLite (ASCII case-insensitive) and PostgreSQL (case-sensitive); every operand is a bound parameter.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Dialect } from '../db/index.js';
import type { Predicate } from './segment-rules.js';

type Sql = RawBuilder<SqlBool>;

function textTest(dialect: Dialect, column: RawBuilder<unknown>, op: 'contains' | 'equals' | 'starts_with' | 'ends_with', text: string): Sql {
  switch (op) {
    case 'equals': return sql<SqlBool>`${column} = ${text}`;
    case 'contains': return dialect === 'postgres' ? sql<SqlBool>`strpos(${column}, ${text}) > 0` : sql<SqlBool>`instr(${column}, ${text}) > 0`;
    // Lengths are taken in SQL (characters on both databases), never from JavaScript (UTF-16 units).
    case 'starts_with': return sql<SqlBool>`substr(${column}, 1, length(cast(${text} as text))) = ${text}`;
    case 'ends_with': {
      const n = sql`length(cast(${text} as text))`;
      return sql<SqlBool>`(length(${column}) >= ${n} and substr(${column}, length(${column}) - ${n} + 1) = ${text})`;
    }
  }
}

const NUM_OP = { equals: '=', greater_than: '>', greater_than_or_equal: '>=', less_than: '<', less_than_or_equal: '<=' } as const;

function valueExists(propertyId: number, test: Sql): Sql {
  return sql<SqlBool>`exists (select 1 from audience_contact_values v where v.contact_id = c.id and v.property_id = ${propertyId} and ${test})`;
}

function positive(dialect: Dialect, teamId: number, p: Predicate): Sql {
  switch (p.kind) {
    case 'email': return textTest(dialect, sql`c.email`, p.op, p.text);
    case 'status': return sql<SqlBool>`c.status = ${p.status}`;
    case 'created_at': return p.op === 'before' ? sql<SqlBool>`c.created_at < ${p.ms}` : sql<SqlBool>`c.created_at > ${p.ms}`;
    case 'list':
      return sql<SqlBool>`exists (select 1 from audience_contact_lists m join audience_lists l on l.id = m.list_id where m.contact_id = c.id and l.team_id = ${teamId} and l.name = ${p.name})`;
    case 'topic':
      // Subscribed: an explicit opt-in, or no choice recorded on an opt_out (everyone-in) topic (spec A17).
      return sql<SqlBool>`exists (select 1 from audience_topics t left join audience_contact_topics ct on ct.topic_id = t.id and ct.contact_id = c.id
        where t.team_id = ${teamId} and t.name = ${p.name} and (ct.subscribed = 1 or (ct.subscribed is null and t.default_subscription = 'opt_out')))`;
    case 'text_property': return valueExists(p.propertyId, textTest(dialect, sql`v.value`, p.op, p.text));
    case 'number_property': return valueExists(p.propertyId, sql<SqlBool>`v.num_value ${sql.raw(NUM_OP[p.op])} ${p.num}`);
    case 'date_property': return valueExists(p.propertyId, p.op === 'before' ? sql<SqlBool>`v.num_value < ${p.ms}` : sql<SqlBool>`v.num_value > ${p.ms}`);
    case 'boolean_property': return valueExists(p.propertyId, sql<SqlBool>`v.num_value = ${p.value ? 1 : 0}`);
    case 'never': return sql<SqlBool>`1 = 0`;
  }
}

/** AND of groups, OR inside each; no groups matches every contact. */
export function segmentSql(dialect: Dialect, teamId: number, groups: Predicate[][], listId: number | null): Sql {
  const parts: Sql[] = groups.map((g) => sql<SqlBool>`(${sql.join(g.map((p) => p.negate ? sql<SqlBool>`not ${positive(dialect, teamId, p)}` : positive(dialect, teamId, p)), sql` or `)})`);
  if (listId !== null) parts.push(sql<SqlBool>`exists (select 1 from audience_contact_lists sl where sl.contact_id = c.id and sl.list_id = ${listId})`);
  return parts.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}
