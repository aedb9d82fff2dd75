// Dashboard accounts (spec security-and-events §3–4): team flags, server-side sessions, TOTP and recovery codes,
// invitations. Sessions, recovery codes and invitation tokens are stored as SHA-256 digests only; the TOTP seed is
// sealed (src/secrets/sealed-columns.ts).
import type { Kysely } from 'kysely';
import { ref, withId, type Dialect } from '../columns.js';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const schema = db.schema;
  // Owner toggle "Require Two-Factor Authentication" (§3.5); the hidden team that sends Lettr's own mail; deletion mark
  // (the team's data is purged by a job after the delete answers).
  await schema.alterTable('teams').addColumn('require_two_factor', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await schema.alterTable('teams').addColumn('system', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await schema.alterTable('teams').addColumn('deleted_at', 'bigint').execute();

  await withId(schema.createTable('user_sessions'), dialect)
    .addColumn('user_id', 'bigint', ref('users', { cascade: true }))
    .addColumn('token_digest', 'text', (c) => c.notNull().unique())
    // `two_factor`: password accepted, waiting for the code; good for nothing else. `active`: signed in.
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await schema.createIndex('user_sessions_user').on('user_sessions').columns(['user_id', 'last_seen_at']).execute();
  await schema.createIndex('user_sessions_expiry').on('user_sessions').column('expires_at').execute();

  await withId(schema.createTable('user_two_factor'), dialect)
    .addColumn('user_id', 'bigint', (c) => c.notNull().unique().references('users.id').onDelete('cascade'))
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    // Null until the first code confirms the setup (§3.4: active only after confirm).
    .addColumn('confirmed_at', 'bigint')
    // The highest 30-second step a code was accepted for: a code for this step or an older one is a replay.
    .addColumn('last_used_step', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await withId(schema.createTable('user_recovery_codes'), dialect)
    .addColumn('user_id', 'bigint', ref('users', { cascade: true }))
    .addColumn('code_digest', 'text', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await schema.createIndex('user_recovery_codes_user').on('user_recovery_codes').columns(['user_id', 'code_digest']).execute();

  await withId(schema.createTable('team_invitations'), dialect)
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_digest', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'bigint', ref('users', { nullable: true }))
    // pending → accepted | declined | cancelled | replaced (a re-invite) ; expiry is read from expires_at.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('responded_at', 'bigint')
    .execute();
  await schema.createIndex('team_invitations_team').on('team_invitations').columns(['team_id', 'status']).execute();
  await schema.createIndex('team_invitations_email').on('team_invitations').columns(['email', 'status']).execute();
}
