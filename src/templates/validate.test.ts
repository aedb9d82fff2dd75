// The 422 texts of spec §5.2 for POST / PUT /templates, table-driven.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateCreate, validateUpdate } from './validate.js';

const errorsOf = (r: ReturnType<typeof validateCreate> | ReturnType<typeof validateUpdate>) => (r.ok ? null : r.bag.errors);

describe('POST /templates body', () => {
  const rows: [string, unknown, Record<string, string[]>][] = [
    ['name missing', { html: '<p>x</p>' }, { name: ['The name field is required.'] }],
    ['name blank', { name: '  ', html: 'x' }, { name: ['The name field is required.'] }],
    ['name not a string', { name: 5, html: 'x' }, { name: ['The name field must be a string.'] }],
    ['name too long', { name: 'n'.repeat(256), html: 'x' }, { name: ['The name must not be greater than 255 characters.'] }],
    ['no content', { name: 'A' }, { html: ['Either html or json content is required.'] }],
    ['empty content', { name: 'A', html: '', json: null }, { html: ['Either html or json content is required.'] }],
    ['both', { name: 'A', html: 'x', json: '{}' }, { json: ['The json and html fields are mutually exclusive. Provide only one.'] }],
    ['bad json', { name: 'A', json: '{nope' }, { json: ['The provided JSON is not valid.'] }],
    ['json not an object', { name: 'A', json: '[1]' }, { json: ['The provided JSON is not valid.'] }],
    ['html not a string', { name: 'A', html: ['x'] }, { html: ['The html field must be a string.'] }],
    ['project_id not an integer', { name: 'A', html: 'x', project_id: 'abc' }, { project_id: ['The project_id field must be an integer.'] }],
    ['folder_id zero', { name: 'A', html: 'x', folder_id: 0 }, { folder_id: ['The folder_id field must be at least 1.'] }],
    ['not an object', [1, 2], { name: ['The name field is required.'], html: ['Either html or json content is required.'] }],
  ];
  for (const [name, body, errors] of rows) it(name, () => assert.deepEqual(errorsOf(validateCreate(body)), errors));

  it('accepts html, json, digit-string ids; trims the name', () => {
    assert.deepEqual(validateCreate({ name: ' Welcome ', html: '<p>{{a}}</p>', project_id: '5', folder_id: 10 }),
      { ok: true, value: { name: 'Welcome', projectId: 5, folderId: 10, content: { html: '<p>{{a}}</p>' } } });
    assert.deepEqual(validateCreate({ name: 'W', json: '{"tagName":"mj-body"}' }),
      { ok: true, value: { name: 'W', projectId: null, folderId: null, content: { json: '{"tagName":"mj-body"}' } } });
  });
});

describe('PUT /templates/{slug} body', () => {
  const rows: [string, unknown, Record<string, string[]>][] = [
    ['both', { html: 'x', json: '{}' }, { json: ['The json field prohibits html from being present.'] }],
    ['bad json', { json: 'nope' }, { json: ['The provided JSON is not valid.'] }],
    ['name too long', { name: 'n'.repeat(256) }, { name: ['The name must not be greater than 255 characters.'] }],
    ['project_id not an integer', { project_id: 1.5 }, { project_id: ['The project_id field must be an integer.'] }],
  ];
  for (const [name, body, errors] of rows) it(name, () => assert.deepEqual(errorsOf(validateUpdate(body)), errors));

  it('everything optional', () => {
    assert.deepEqual(validateUpdate({}), { ok: true, value: { projectId: null } });
    assert.deepEqual(validateUpdate({ name: 'N', html: 'h', project_id: 5 }), { ok: true, value: { projectId: 5, name: 'N', content: { html: 'h' } } });
  });
});
