// Merge-tag extraction (contract MergeTagView, spec §5.5): required vs optional, loop children and their types.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileTemplate } from './compile.js';
import { extractMergeTags, type MergeTag } from './merge-tags.js';

const rows: { name: string; tpl: string; tags: MergeTag[] }[] = [
  { name: 'unguarded is required', tpl: 'Hi {{first_name}}', tags: [{ key: 'first_name', required: true }] },
  { name: 'under if is optional', tpl: '{{if company_name}}{{company_name}}{{end}}', tags: [{ key: 'company_name', required: false }] },
  { name: 'in else is optional', tpl: '{{if a}}x{{else}}{{b}}{{end}}', tags: [{ key: 'a', required: false }, { key: 'b', required: false }] },
  { name: 'or default is optional', tpl: "{{ nick or 'friend' }}", tags: [{ key: 'nick', required: false }] },
  { name: 'right of and is optional', tpl: '{{ a and b }}', tags: [{ key: 'a', required: true }, { key: 'b', required: false }] },
  { name: 'required wins over optional', tpl: '{{if a}}{{a}}{{end}}{{a}}', tags: [{ key: 'a', required: true }] },
  { name: 'root of a path', tpl: '{{order.id}} {{order.total}}', tags: [{ key: 'order', required: true }] },
  { name: 'bracket variables are tags', tpl: '{{prices[currency]}}', tags: [{ key: 'prices', required: true }, { key: 'currency', required: true }] },
  { name: 'built-ins skipped', tpl: '{{address.email}} {{address.name}} {{email}} {{email_id}} {{env_from}} {{return_path}}', tags: [] },
  { name: 'first-appearance order, no duplicates', tpl: '{{b}}{{a}}{{b}}', tags: [{ key: 'b', required: true }, { key: 'a', required: true }] },
  { name: 'literal and malformed tags are not merge tags', tpl: "{{ 'x' }} {{ 1abc }} {{ a b }}", tags: [] },
  { name: 'empty() guards', tpl: '{{if not empty(items)}}{{end}}', tags: [{ key: 'items', required: false }] },
  { name: 'length counts as use', tpl: '{{#items}}', tags: [{ key: 'items', required: true }] },
  {
    name: 'loop children with types',
    tpl: '{{each order_items}}{{loop_var.item_name}} {{loop_var.item_quantity * loop_var.item_price}}{{end}}',
    tags: [{ key: 'order_items', required: true, children: [
      { key: 'item_name', type: 'text' }, { key: 'item_quantity', type: 'number' }, { key: 'item_price', type: 'number' },
    ] }],
  },
  {
    name: 'image and button children from src / href',
    tpl: '{{each products}}<img src="{{loop_var.image}}"><a href="{{loop_vars.products.url}}">{{loop_var.name}}</a>{{end}}',
    tags: [{ key: 'products', required: true, children: [
      { key: 'image', type: 'image' }, { key: 'url', type: 'button' }, { key: 'name', type: 'text' },
    ] }],
  },
  { name: 'comparison with a number is a number', tpl: '{{each l}}{{if loop_var.qty > 1}}many{{end}}{{if loop_var.n == 2}}{{end}}{{end}}', tags: [{ key: 'l', required: true, children: [{ key: 'qty', type: 'number' }, { key: 'n', type: 'number' }] }] },
  { name: 'type upgrades text to number', tpl: '{{each l}}{{loop_var.p}}{{loop_var.p + 1}}{{end}}', tags: [{ key: 'l', required: true, children: [{ key: 'p', type: 'number' }] }] },
  { name: 'loop of strings has no children', tpl: '{{each names}}{{loop_var}}{{end}}', tags: [{ key: 'names', required: true }] },
  { name: 'data inside a loop is optional', tpl: '{{each l}}{{currency}}{{end}}', tags: [{ key: 'l', required: true }, { key: 'currency', required: false }] },
  {
    name: 'nested lists: one level of children',
    tpl: '{{each cats}}{{loop_var.title}}{{each loop_var.products}}{{loop_var.sku}}{{loop_vars.cats.code}}{{end}}{{end}}',
    tags: [{ key: 'cats', required: true, children: [{ key: 'title', type: 'text' }, { key: 'products' }, { key: 'code', type: 'text' }] }],
  },
  { name: 'loop over a nested path', tpl: '{{each order.items}}{{loop_var.x}}{{end}}', tags: [{ key: 'order', required: true }] },
];

describe('merge-tag extraction', () => {
  for (const r of rows) it(r.name, () => assert.deepEqual(extractMergeTags(compileTemplate(r.tpl)), r.tags));

  it('merges several parts (subject + html)', () => {
    const tags = extractMergeTags(compileTemplate('Order {{order_id}}'), compileTemplate('{{if vip}}{{order_id}}{{end}}{{name}}'));
    assert.deepEqual(tags, [{ key: 'order_id', required: true }, { key: 'vip', required: false }, { key: 'name', required: true }]);
  });
});
