// Sending domains and their DKIM keys (spec §6). Private keys are sealed (secrets module); see sealed-columns.ts.
import type { Kysely } from 'kysely';
import { ref, withId, type Dialect } from '../columns.js';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const schema = db.schema;
  await withId(schema.createTable('sending_domains'), dialect)
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('approval_score', 'integer', (c) => c.notNull())
    .addColumn('approval_reasons', 'text', (c) => c.notNull())
    .addColumn('dkim_status', 'text')
    .addColumn('cname_status', 'text')
    .addColumn('spf_status', 'text')
    .addColumn('dmarc_status', 'text')
    .addColumn('verification', 'text')
    .addColumn('last_verified_at', 'bigint')
    .addColumn('next_verify_at', 'bigint')
    .addColumn('verify_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('sending_domains_team_domain', ['team_id', 'domain'])
    .execute();
  // Cross-team lookups by name (ownership proven elsewhere, selector collisions) and the re-verification scan.
  await schema.createIndex('sending_domains_domain').on('sending_domains').column('domain').execute();
  await schema.createIndex('sending_domains_next_verify').on('sending_domains').column('next_verify_at').execute();

  await withId(schema.createTable('domain_dkim_keys'), dialect)
    .addColumn('domain_id', 'bigint', ref('sending_domains', { cascade: true }))
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('selector', 'text', (c) => c.notNull())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('retired_at', 'bigint')
    .addUniqueConstraint('domain_dkim_keys_domain_selector', ['domain_id', 'selector'])
    .execute();
}
