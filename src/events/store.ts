// Reads of the event log for GET /emails, GET /emails/events and GET /emails/{requestId}. Every query is scoped to a
// team and a time window; pages are keyset (created_at DESC, id DESC) so inserts during paging never shift a page.
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database, DB } from '../db/index.js';
import type { CursorPosition } from './cursor.js';
import type { EventType } from './model.js';
import type { EventRecord } from './presenters.js';
import { renderedSubjects } from '../sending/index.js';

export interface EventQuery {
  teamId: number;
  from: number;
  to: number;
  types?: EventType[];
  /** Case-folded addresses (the `recipient` column's form). */
  recipients?: string[];
  requestId?: string | null;
  bounceClasses?: number[];
}

type EventSelect = SelectQueryBuilder<DB, 'events', object>;

function filtered(db: Database, q: EventQuery): EventSelect {
  let query = db.kysely.selectFrom('events')
    .where('team_id', '=', q.teamId)
    .where('created_at', '>=', q.from)
    .where('created_at', '<=', q.to);
  if (q.types?.length) query = query.where('type', 'in', q.types);
  if (q.recipients?.length) query = query.where('recipient', 'in', q.recipients);
  if (q.requestId) query = query.where('request_id', '=', q.requestId);
  if (q.bounceClasses?.length) {
    // bounce_class lives in the event's JSON; integers on both sides (classes are validated as 1–3 digits).
    const classes = sql.join(q.bounceClasses.map((c) => sql.lit(c)));
    query = query.where(db.dialect === 'postgres'
      ? sql<boolean>`(data::jsonb ->> 'bounce_class') in (${sql.join(q.bounceClasses.map((c) => sql.lit(String(c))))})`
      : sql<boolean>`json_extract(data, '$.bounce_class') in (${classes})`);
  }
  return query;
}

export function toRecord(row: { id: number; event_id: string; type: string; request_id: string; recipient: string | null; created_at: number; data: string }): EventRecord {
  return {
    id: row.id, eventId: row.event_id, type: row.type as EventType, requestId: row.request_id,
    recipient: row.recipient, createdAt: row.created_at, data: JSON.parse(row.data) as Record<string, unknown>,
  };
}

type EventRow = { id: number; event_id: string; type: string; request_id: string; recipient: string | null; created_at: number; data: string; message_id: number | null };

/**
 * Records with the subject each recipient's copy was built with (`Order 1042`), the template source kept beside it as
 * `subject_template`; events of copies not built yet (or without substitutions) keep the message's subject.
 */
async function withRenderedSubjects(db: Database, teamId: number, rows: EventRow[]): Promise<EventRecord[]> {
  const ids = [...new Set(rows.map((r) => r.message_id).filter((id): id is number => id !== null))];
  const subjects = await renderedSubjects(db.kysely, teamId, ids);
  return rows.map((row) => {
    const record = toRecord(row);
    const rendered = row.message_id === null || !row.recipient ? undefined : subjects.get(`${row.message_id}|${row.recipient.toLowerCase()}`);
    if (rendered !== undefined && rendered !== record.data.subject) {
      record.data = { ...record.data, subject: rendered, subject_template: record.data.subject ?? null };
    }
    return record;
  });
}

export interface EventPage {
  records: EventRecord[];
  total: number;
  next: CursorPosition | null;
}

export async function pageEvents(db: Database, q: EventQuery, page: { perPage: number; cursor: CursorPosition | null }): Promise<EventPage> {
  let rows = filtered(db, q).selectAll();
  const c = page.cursor;
  if (c) {
    rows = rows.where((eb) => eb.or([
      eb('created_at', '<', c.createdAt),
      eb.and([eb('created_at', '=', c.createdAt), eb('id', '<', c.id)]),
    ]));
  }
  // One extra row tells whether a next page exists without a second query.
  const found = await rows.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.perPage + 1).execute();
  const { n } = await filtered(db, q).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const records = await withRenderedSubjects(db, q.teamId, found.slice(0, page.perPage));
  const last = records[records.length - 1];
  return {
    records,
    total: Number(n),
    next: found.length > page.perPage && last ? { createdAt: last.createdAt, id: last.id } : null,
  };
}

/** A transmission's events, newest first, bounded (a message has ≤ 50 recipients; engagement events can be many). */
export async function eventsOfRequest(db: Database, q: EventQuery & { requestId: string }, limit = 1000): Promise<EventRecord[]> {
  const rows = await filtered(db, q).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return withRenderedSubjects(db, q.teamId, rows);
}
