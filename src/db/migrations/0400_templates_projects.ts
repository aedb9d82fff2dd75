// Projects (one default per team), folders, templates and their versions; every existing team gets its default
// project and folder here, new teams get them in insertTeam.
import { sql, type Kysely } from 'kysely';
import { ref, withId, type Dialect } from '../columns.js';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const schema = db.schema;
  await withId(schema.createTable('projects'), dialect)
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('emoji', 'text')
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await schema.createIndex('projects_team').on('projects').columns(['team_id', 'id']).execute();
  // At most one default project per team, enforced by the database.
  await schema.createIndex('projects_one_default').on('projects').column('team_id').unique().where(sql.ref('is_default'), '=', sql.lit(1)).execute();

  await withId(schema.createTable('template_folders'), dialect)
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('project_id', 'bigint', ref('projects', { cascade: true }))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await schema.createIndex('template_folders_project').on('template_folders').columns(['project_id', 'id']).execute();

  await withId(schema.createTable('templates'), dialect)
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('project_id', 'bigint', ref('projects', { cascade: true }))
    .addColumn('folder_id', 'bigint', ref('template_folders'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('active_version', 'integer')
    .addColumn('versions_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('templates_project_slug', ['project_id', 'slug'])
    .execute();

  await withId(schema.createTable('template_versions'), dialect)
    .addColumn('team_id', 'bigint', ref('teams', { cascade: true }))
    .addColumn('template_id', 'bigint', ref('templates', { cascade: true }))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('editor_type', 'text', (c) => c.notNull())
    .addColumn('html', 'text')
    .addColumn('json', 'text')
    .addColumn('text', 'text')
    .addColumn('merge_tags', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('template_versions_template_version', ['template_id', 'version'])
    .execute();

  const now = Date.now();
  await sql`INSERT INTO projects (team_id, name, emoji, is_default, created_at, updated_at)
    SELECT id, 'Default Project', NULL, 1, ${now}, ${now} FROM teams`.execute(db);
  await sql`INSERT INTO template_folders (team_id, project_id, name, created_at)
    SELECT team_id, id, 'Default', ${now} FROM projects`.execute(db);
}
