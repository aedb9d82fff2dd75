// Audience (spec security-and-events §8): lists, contacts, topics, typed properties and segments, all per team.
// Contacts carry their property values in a side table (one row per contact and property) so segment rules compile to
// plain joins and comparisons on both databases instead of JSON functions that differ between them.
import type { Kysely } from 'kysely';
import { ref, withId, type Dialect } from '../columns.js';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const schema = db.schema;
  await withId(schema.createTable('audience_lists'), dialect)
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('audience_lists_team_name', ['team_id', 'name'])
    .execute();

  await withId(schema.createTable('audience_contacts'), dialect)
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('audience_contacts_team_email', ['team_id', 'email'])
    .execute();
  await schema.createIndex('audience_contacts_team_id').on('audience_contacts').columns(['team_id', 'id']).execute();

  await schema.createTable('audience_contact_lists')
    .addColumn('contact_id', 'bigint', ref('audience_contacts', { cascade: true }))
    .addColumn('list_id', 'bigint', ref('audience_lists', { cascade: true }))
    .addColumn('team_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('audience_contact_lists_pk', ['contact_id', 'list_id'])
    .execute();
  await schema.createIndex('audience_contact_lists_list').on('audience_contact_lists').columns(['list_id', 'contact_id']).execute();

  await withId(schema.createTable('audience_topics'), dialect)
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('default_subscription', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await schema.createIndex('audience_topics_team').on('audience_topics').columns(['team_id', 'id']).execute();

  // A row states a contact's explicit choice for a topic: subscribed 1 (opted in) or 0 (opted out).
  await schema.createTable('audience_contact_topics')
    .addColumn('contact_id', 'bigint', ref('audience_contacts', { cascade: true }))
    .addColumn('topic_id', 'bigint', ref('audience_topics', { cascade: true }))
    .addColumn('team_id', 'bigint', (c) => c.notNull())
    .addColumn('subscribed', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('audience_contact_topics_pk', ['contact_id', 'topic_id'])
    .execute();
  await schema.createIndex('audience_contact_topics_topic').on('audience_contact_topics').columns(['topic_id', 'contact_id']).execute();

  await withId(schema.createTable('audience_properties'), dialect)
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('fallback_value', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('audience_properties_team_name', ['team_id', 'name'])
    .execute();

  // `value` is the canonical text (what the API shows); `num_value` is set for number and date properties (dates as
  // epoch ms) so comparisons in segments are numeric on both databases.
  await schema.createTable('audience_contact_values')
    .addColumn('contact_id', 'bigint', ref('audience_contacts', { cascade: true }))
    .addColumn('property_id', 'bigint', ref('audience_properties', { cascade: true }))
    .addColumn('team_id', 'bigint', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('num_value', 'double precision')
    .addPrimaryKeyConstraint('audience_contact_values_pk', ['contact_id', 'property_id'])
    .execute();
  await schema.createIndex('audience_contact_values_property').on('audience_contact_values').columns(['property_id', 'contact_id']).execute();

  await withId(schema.createTable('audience_segments'), dialect)
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('name', 'text', (c) => c.notNull())
    // Not a foreign key: deleting a list leaves its segments team-wide (list_id cleared by the delete command).
    .addColumn('list_id', 'bigint')
    .addColumn('condition_groups', 'text', (c) => c.notNull())
    .addColumn('cached_contacts_count', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await schema.createIndex('audience_segments_team').on('audience_segments').columns(['team_id', 'id']).execute();
}
