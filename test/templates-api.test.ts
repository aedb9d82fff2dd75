// Templates and projects through the API (spec §5.2): shapes, messages, pagination, versions, merge tags,
// 404/422 texts, tenant isolation and audit — every response checked against the contract, on both databases.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listAudit } from '../src/audit/index.js';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';

const WELCOME = '<p>Hi {{first_name}}</p>{{if company_name}}<p>{{company_name}}</p>{{end}}';

forEachDatabase('templates and projects API', (db) => {
  let h: Harness;
  let team: number;
  let key: string;
  let otherKey: string;
  before(async () => {
    h = await startHarness(db());
    team = await h.createTeam('Acme');
    key = (await h.createKey(team)).key;
    otherKey = (await h.createKey(await h.createTeam('Other'))).key;
  });
  after(() => h.close());

  test('every team has a default project', async () => {
    const r = await h.api.get('/api/projects', key);
    assert.equal(r.status, 200);
    assert.equal(r.json.message, 'Projects retrieved successfully.');
    assert.equal(r.json.data.projects.length, 1);
    const p = r.json.data.projects[0];
    assert.deepEqual({ name: p.name, emoji: p.emoji, team_id: p.team_id }, { name: 'Default Project', emoji: null, team_id: team });
    assert.match(p.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    assert.deepEqual(r.json.data.pagination, { total: 1, per_page: 25, current_page: 1, last_page: 1 });
  });

  test('pagination parameters are validated with the contract texts', async () => {
    const big = await h.api.get('/api/projects?per_page=101', key);
    assert.equal(big.status, 422);
    assert.deepEqual(big.json.errors, { per_page: ['The per_page parameter must not exceed 100.'] });
    const word = await h.api.get('/api/templates?per_page=abc&project_id=x', key);
    assert.deepEqual(word.json.errors, { project_id: ['The project_id parameter must be an integer.'], per_page: ['The per_page parameter must be an integer.'] });
  });

  test('create: 201 with the first active version and its merge tags; slugs get -2, -3', async () => {
    const r = await h.api.post('/api/templates', key, { name: 'Welcome Email', html: WELCOME });
    assert.equal(r.status, 201);
    assert.equal(r.json.message, 'Template created successfully.');
    const d = r.json.data;
    assert.equal(d.slug, 'welcome-email');
    assert.equal(d.active_version, 1);
    assert.deepEqual(d.merge_tags, [{ key: 'first_name', required: true }, { key: 'company_name', required: false }]);
    const second = await h.api.post('/api/templates', key, { name: 'Welcome  email!', html: 'x' });
    const third = await h.api.post('/api/templates', key, { name: 'welcome email', html: 'y', project_id: d.project_id, folder_id: d.folder_id });
    assert.deepEqual([second.json.data.slug, third.json.data.slug], ['welcome-email-2', 'welcome-email-3']);
    const list = await h.api.get('/api/templates?per_page=2&page=2', key);
    assert.equal(list.json.message, 'Templates retrieved successfully.');
    assert.deepEqual(list.json.data.templates.map((t: { slug: string }) => t.slug), ['welcome-email-3']);
    assert.deepEqual(list.json.data.pagination, { total: 3, per_page: 2, current_page: 2, last_page: 2 });
  });

  test('create from Topol JSON: HTML rendered, merge tags from it', async () => {
    const json = '{"tagName":"mj-container","children":[{"tagName":"mj-text","content":"Hello {{FIRST_NAME}}!"}]}';
    const r = await h.api.post('/api/templates', key, { name: 'Topol', json });
    assert.equal(r.status, 201);
    assert.deepEqual(r.json.data.merge_tags, [{ key: 'FIRST_NAME', required: true }]);
    const got = await h.api.get('/api/templates/topol', key);
    assert.equal(got.json.data.json, json);
    assert.match(got.json.data.html, /Hello \{\{FIRST_NAME\}\}!/);
  });

  test('create: 422 and 404 texts', async () => {
    const cases: [unknown, Record<string, string[]>][] = [
      [{ html: 'x' }, { name: ['The name field is required.'] }],
      [{ name: 'A' }, { html: ['Either html or json content is required.'] }],
      [{ name: 'A', html: 'x', json: '{}' }, { json: ['The json and html fields are mutually exclusive. Provide only one.'] }],
      [{ name: 'A', json: '{oops' }, { json: ['The provided JSON is not valid.'] }],
      [{ name: 'n'.repeat(256), html: 'x' }, { name: ['The name must not be greater than 255 characters.'] }],
    ];
    for (const [body, errors] of cases) {
      const r = await h.api.post('/api/templates', key, body);
      assert.equal(r.status, 422, JSON.stringify(body));
      assert.deepEqual(r.json, { message: 'Validation failed.', error_code: 'validation_error', errors });
    }
    const project = await h.api.post('/api/templates', key, { name: 'A', html: 'x', project_id: 999999 });
    assert.deepEqual([project.status, project.json], [404, { message: "Project with ID '999999' was not found or you don't have access to it.", error_code: 'not_found' }]);
    const folder = await h.api.post('/api/templates', key, { name: 'A', html: 'x', folder_id: 999999 });
    assert.deepEqual(folder.json, { message: "Folder with ID '999999' was not found in the specified project.", error_code: 'not_found' });
  });

  test('get, update (name only, then content), merge tags by version', async () => {
    const got = await h.api.get('/api/templates/welcome-email', key);
    assert.equal(got.json.message, 'Template retrieved successfully.');
    assert.deepEqual([got.json.data.active_version, got.json.data.versions_count, got.json.data.html, got.json.data.json], [1, 1, WELCOME, null]);

    const renamed = await h.api.put('/api/templates/welcome-email', key, { name: 'Welcome (renamed)' });
    assert.equal(renamed.json.message, 'Template updated successfully.');
    assert.deepEqual([renamed.json.data.name, renamed.json.data.slug, renamed.json.data.active_version], ['Welcome (renamed)', 'welcome-email', 1]);

    const changed = await h.api.put('/api/templates/welcome-email', key, { html: '<p>{{ NAME }}</p>{{each items}}{{loop_var.qty * 2}}{{end}}' });
    assert.equal(changed.json.data.active_version, 2);
    assert.deepEqual(changed.json.data.merge_tags, [{ key: 'NAME', required: true }, { key: 'items', required: true, children: [{ key: 'qty', type: 'number' }] }]);

    const v1 = await h.api.get('/api/templates/welcome-email/merge-tags?version=1', key);
    assert.equal(v1.json.message, 'Merge tags retrieved successfully.');
    assert.deepEqual(v1.json.data, { project_id: got.json.data.project_id, template_slug: 'welcome-email', version: 1, merge_tags: [{ key: 'first_name', required: true }, { key: 'company_name', required: false }] });
    const active = await h.api.get('/api/templates/welcome-email/merge-tags', key);
    assert.equal(active.json.data.version, 2);
    const detail = await h.api.get('/api/templates/welcome-email', key);
    assert.deepEqual([detail.json.data.active_version, detail.json.data.versions_count], [2, 2]);

    const missing = await h.api.get('/api/templates/welcome-email/merge-tags?version=9', key);
    assert.deepEqual([missing.status, missing.json.error_code], [404, 'not_found']);
    const bad = await h.api.get('/api/templates/welcome-email/merge-tags?version=two', key);
    assert.deepEqual(bad.json.errors, { version: ['The version parameter must be an integer.'] });
    const both = await h.api.put('/api/templates/welcome-email', key, { html: 'x', json: '{}' });
    assert.deepEqual(both.json.errors, { json: ['The json field prohibits html from being present.'] });
  });

  test('GET /templates/html: success and 404 envelopes', async () => {
    const projectId = (await h.api.get('/api/projects', key)).json.data.projects[0].id;
    const ok = await h.api.get(`/api/templates/html?project_id=${projectId}&slug=welcome-email-2`, key);
    assert.deepEqual(ok.json, { success: true, data: { html: 'x', merge_tags: [], subject: null } });
    const topol = await h.api.get(`/api/templates/html?project_id=${projectId}&slug=topol`, key);
    assert.deepEqual(topol.json.data.merge_tags, [{ key: 'FIRST_NAME', name: 'FIRST_NAME', required: true }]);
    const none = await h.api.get(`/api/templates/html?project_id=${projectId}&slug=nope`, key);
    assert.deepEqual([none.status, none.json], [404, { success: false, message: 'Template not found.' }]);
    const foreign = await h.api.get(`/api/templates/html?project_id=${projectId}&slug=welcome-email`, otherKey);
    assert.deepEqual([foreign.status, foreign.json], [404, { success: false, message: 'Template not found.' }]);
    const missing = await h.api.get('/api/templates/html', key, { beyondContract: 'the contract lists no 422 for missing query parameters' });
    assert.deepEqual(missing.json.errors, { project_id: ['The project_id field is required.'], slug: ['The slug field is required.'] });
  });

  test('tenant isolation: another team sees none of it', async () => {
    const projectId = (await h.api.get('/api/projects', key)).json.data.projects[0].id;
    const list = await h.api.get('/api/templates', otherKey);
    assert.deepEqual(list.json.data.templates, []);
    assert.deepEqual(list.json.data.pagination, { total: 0, per_page: 25, current_page: 1, last_page: 1 });
    const theirs = await h.api.get(`/api/templates?project_id=${projectId}`, otherKey);
    assert.deepEqual(theirs.json, { message: `Project with ID '${projectId}' was not found or you don't have access to it.`, error_code: 'not_found' });
    const one = await h.api.get('/api/templates/welcome-email', otherKey);
    assert.deepEqual(one.json, { message: "Template with slug 'welcome-email' was not found.", error_code: 'not_found' });
    const put = await h.api.put('/api/templates/welcome-email', otherKey, { html: 'pwned' });
    assert.equal(put.status, 404);
    const del = await h.api.delete(`/api/templates/welcome-email?project_id=${projectId}`, otherKey);
    assert.equal(del.status, 404);
  });

  test('delete removes the template and its versions; audit records every change', async () => {
    const r = await h.api.delete('/api/templates/welcome-email-3', key);
    assert.deepEqual([r.status, r.json], [200, { message: 'Template deleted successfully.' }]);
    const gone = await h.api.get('/api/templates/welcome-email-3/merge-tags', key);
    assert.deepEqual(gone.json, { message: "Template with slug 'welcome-email-3' was not found.", error_code: 'not_found' });
    const again = await h.api.delete('/api/templates/welcome-email-3', key);
    assert.equal(again.status, 404);
    const actions = (await listAudit(h.ctx.db.kysely, team, { limit: 50 })).map((e) => e.action).filter((a) => a.startsWith('template.'));
    assert.deepEqual(actions.reverse(), ['template.created', 'template.created', 'template.created', 'template.created', 'template.updated', 'template.updated', 'template.deleted']);
  });
});
