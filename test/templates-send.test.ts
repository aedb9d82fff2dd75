// resolveTemplateForSend (spec §2.3): version choice, subject fallback, template_not_found texts; the default
// project is created with every team, including teams that existed before the templates migration.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Migrator, type Migration } from 'kysely';
import { bootstrapIfEmpty } from '../src/accounts/index.js';
import { loadConfig } from '../src/config/index.js';
import { migrateToLatest, openDatabase } from '../src/db/index.js';
import { MIGRATIONS } from '../src/db/migrations/index.js';
import { resolveTemplateForSend, templateSubject } from '../src/templates/index.js';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';

forEachDatabase('template sends: resolution', (db) => {
  let h: Harness;
  let team: number;
  let key: string;
  before(async () => {
    h = await startHarness(db());
    team = await h.createTeam();
    key = (await h.createKey(team)).key;
    await h.api.post('/api/templates', key, { name: 'Order shipped', html: 'v1 {{order}}' });
    await h.api.put('/api/templates/order-shipped', key, { html: 'v2 {{order}}' });
  });
  after(() => h.close());

  const resolve = (req: { slug: string; projectId?: number | null; version?: number | null }, teamId = team) =>
    resolveTemplateForSend(h.ctx.db.kysely, teamId, req);

  test('active version by default, an older one on request', async () => {
    const active = await resolve({ slug: 'order-shipped' });
    assert.ok(active.ok);
    assert.deepEqual([active.template.version, active.template.html, active.template.name, active.template.subject], [2, 'v2 {{order}}', 'Order shipped', null]);
    const v1 = await resolve({ slug: 'order-shipped', version: 1 });
    assert.ok(v1.ok);
    assert.equal(v1.template.html, 'v1 {{order}}');
  });

  test('subject: request → stored subject → template name', () => {
    assert.equal(templateSubject('Explicit', { subject: 'Stored', name: 'Name' }), 'Explicit');
    assert.equal(templateSubject(null, { subject: 'Stored', name: 'Name' }), 'Stored');
    assert.equal(templateSubject('', { subject: null, name: 'Name' }), 'Name');
  });

  test('misses are 404 template_not_found with the contract texts', async () => {
    const cases: [Parameters<typeof resolve>[0], string][] = [
      [{ slug: 'welcome-email' }, "Template with slug 'welcome-email' was not found."],
      [{ slug: 'order-shipped', projectId: 123456 }, "Project with ID '123456' was not found or you don't have access to it."],
      [{ slug: 'order-shipped', version: 3 }, "Version 3 of template 'order-shipped' was not found."],
    ];
    for (const [req, message] of cases) {
      const r = await resolve(req);
      assert.ok(!r.ok);
      assert.deepEqual([r.error.status, r.error.toBody()], [404, { message, error_code: 'template_not_found' }]);
    }
    const other = await h.createTeam('Other');
    const foreign = await resolve({ slug: 'order-shipped' }, other);
    assert.ok(!foreign.ok, 'another team cannot send this team\'s template');
    await h.ctx.db.kysely.deleteFrom('template_folders').where('team_id', '=', other).execute();
    await h.ctx.db.kysely.deleteFrom('projects').where('team_id', '=', other).execute();
    const none = await resolve({ slug: 'order-shipped' }, other);
    assert.ok(!none.ok);
    assert.equal(none.error.message, 'No default project is configured for this team.');
  });
});

forEachDatabase('default projects', (db) => {
  test('bootstrap and migration backfill give every team exactly one default project', async () => {
    const database = openDatabase(loadConfig({ LETTR_DATABASE_URL: db().url, LETTR_DATA_DIR: db().dataDir }).database);
    try {
      // A database from before templates existed, with a team in it.
      const only = (names: string[]) => ({
        async getMigrations() {
          const out: Record<string, Migration> = {};
          for (const n of names) out[n] = { up: (k) => MIGRATIONS[n]!.up(k, database.dialect) };
          return out;
        },
      });
      const first = await new Migrator({ db: database.kysely, provider: only(['0001_foundation']) }).migrateToLatest();
      assert.equal(first.error, undefined);
      await database.kysely.insertInto('teams').values({ name: 'Old', rate_limit_per_second: null, created_at: 1 }).execute();
      await migrateToLatest(database);
      const projects = await database.kysely.selectFrom('projects').selectAll().execute();
      assert.deepEqual(projects.map((p) => [p.name, p.is_default]), [['Default Project', 1]]);
      const folders = await database.kysely.selectFrom('template_folders').select('project_id').execute();
      assert.deepEqual(folders.map((f) => f.project_id), [projects[0]!.id]);
      // The database refuses a second default project for a team.
      await assert.rejects(database.kysely.insertInto('projects').values({ team_id: projects[0]!.team_id, name: 'X', emoji: null, is_default: 1, created_at: 1, updated_at: 1 }).execute());
    } finally {
      await database.close();
    }
  });

  test('teams created by bootstrap get theirs', async () => {
    const h = await startHarness(db());
    try {
      const boot = await bootstrapIfEmpty(h.ctx.db.kysely);
      const teamId = boot?.teamId ?? (await h.createTeam());
      const p = await h.ctx.db.kysely.selectFrom('projects').selectAll().where('team_id', '=', teamId).execute();
      assert.deepEqual(p.map((x) => x.is_default), [1]);
    } finally {
      await h.close();
    }
  });
});
