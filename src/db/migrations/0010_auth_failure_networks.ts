// Failed-auth counting per network (an IPv6 /64) and per key prefix (issue 11 §6): the network each failure came
// from, and indexes for both counts. Existing rows get their address as network (IPv6 rows then simply age out).
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('auth_failures').addColumn('network', 'text').execute();
  await sql`UPDATE auth_failures SET network = ip`.execute(db);
  await db.schema.createIndex('auth_failures_network_time').on('auth_failures').columns(['network', 'created_at']).execute();
  await db.schema.createIndex('auth_failures_prefix_time').on('auth_failures').columns(['key_prefix', 'created_at']).execute();
}
