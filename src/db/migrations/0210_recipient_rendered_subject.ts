// Each recipient's copy may render a different subject (`Order {{order}}` → `Order 1042`): the history shows what was
// sent, so the rendered subject is kept beside the template source once the copy is built.
import type { Kysely } from 'kysely';
import type { Dialect } from '../columns.js';

export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('message_recipients').addColumn('rendered_subject', 'text').execute();
}
