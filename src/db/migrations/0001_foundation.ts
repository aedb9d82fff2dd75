// Teams, users, memberships, API keys, auth throttling, audit, the job queue and the event log.
import { sql, type Kysely } from 'kysely';
import { makeAppendOnly, ref, withId, type Dialect } from '../columns.js';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const schema = db.schema;
  await withId(schema.createTable('teams'), dialect)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rate_limit_per_second', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await withId(schema.createTable('users'), dialect)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await withId(schema.createTable('memberships'), dialect)
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('user_id', 'bigint', ref('users', { cascade: true }))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'bigint', ref('users', { nullable: true }))
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('memberships_team_user', ['team_id', 'user_id'])
    .execute();

  await withId(schema.createTable('api_keys'), dialect)
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('permission', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('allowed_ips', 'text', (c) => c.notNull())
    .addColumn('secret_digest', 'text', (c) => c.notNull().unique())
    .addColumn('display_prefix', 'text', (c) => c.notNull())
    .addColumn('display_suffix', 'text', (c) => c.notNull())
    .addColumn('created_by', 'bigint', ref('users', { nullable: true }))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('last_used_ip', 'text')
    .addColumn('expires_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .addColumn('rotated_from_id', 'bigint', ref('api_keys', { nullable: true }))
    .execute();
  await schema.createIndex('api_keys_team').on('api_keys').columns(['team_id', 'id']).execute();

  await withId(schema.createTable('auth_failures'), dialect)
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('key_prefix', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await schema.createIndex('auth_failures_ip_time').on('auth_failures').columns(['ip', 'created_at']).execute();
  await schema.createIndex('auth_failures_time').on('auth_failures').column('created_at').execute();

  await schema.createTable('auth_blocks')
    .addColumn('ip', 'text', (c) => c.primaryKey())
    .addColumn('blocked_until', 'bigint', (c) => c.notNull())
    .execute();

  await schema.createTable('rate_limit_windows')
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limit_windows_pk', ['bucket', 'window_start'])
    .execute();

  await withId(schema.createTable('audit_events'), dialect)
    .addColumn('team_id', 'bigint')
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'bigint')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await schema.createIndex('audit_events_team_time').on('audit_events').columns(['team_id', 'created_at']).execute();
  await makeAppendOnly(db, dialect, 'audit_events');

  await withId(schema.createTable('jobs'), dialect)
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('lane', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('team_id', 'bigint')
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('failed_at', 'bigint')
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // The claim statement's access path: runnable jobs of one queue lane in run_at order; dead letters excluded.
  await schema.createIndex('jobs_claim').on('jobs').columns(['queue', 'lane', 'run_at']).where(sql.ref('failed_at'), 'is', null).execute();

  await withId(schema.createTable('events'), dialect)
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('team_id', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'bigint')
    .addColumn('recipient', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await schema.createIndex('events_team_time').on('events').columns(['team_id', 'created_at']).execute();
  await schema.createIndex('events_team_request').on('events').columns(['team_id', 'request_id']).execute();
  await schema.createIndex('events_team_recipient').on('events').columns(['team_id', 'recipient', 'created_at']).execute();
}
