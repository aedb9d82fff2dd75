// `lettr template push` / `render` as an operator runs them (child processes, real database, both dialects).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { forEachDatabase } from './helpers/databases.js';
import { runLettr } from './helpers/spawn.js';

forEachDatabase('lettr template CLI', (db) => {
  const env = () => ({ LETTR_DATABASE_URL: db().url, LETTR_DATA_DIR: db().dataDir });
  const file = (name: string, content: string) => {
    const p = path.join(db().dataDir, name);
    fs.writeFileSync(p, content);
    return p;
  };

  test('push creates, re-push is a no-op, a change adds a version; render prints subject, text and HTML', async () => {
    assert.equal((await runLettr(['migrate'], env())).code, 0, 'the CLI never creates a database: migrate does');
    const team = await runLettr(['team', 'create', '--name', 'Acme', '--json'], env());
    assert.equal(team.code, 0, team.stderr);
    const html = file('welcome.html', '<p>Hi {{ first_name or "there" }} &amp; {{company}}</p>\n{{each items}}\n<li>{{loop_var.name}}</li>\n{{end}}\n');
    const text = file('welcome.txt', 'Hi {{first_name}}, see https://acme.test/?u={{first_name}}');
    const created = await runLettr(['template', 'push', html, '--slug', 'welcome', '--subject', 'Welcome, {{first_name}}!', '--text', text, '--json'], env());
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.json.action, 'created');
    assert.equal(created.json.version, 1);
    assert.deepEqual(created.json.merge_tags.map((t: { key: string; required: boolean }) => [t.key, t.required]),
      [['first_name', true], ['company', true], ['items', true]]);

    const again = await runLettr(['template', 'push', html, '--slug', 'welcome', '--json'], env());
    assert.deepEqual([again.json.action, again.json.version], ['unchanged', 1]);

    const data = JSON.stringify({ first_name: 'Zoë <3', company: 'A&B', items: [{ name: 'Jacket' }, { name: 'Gloves' }] });
    const rendered = await runLettr(['template', 'render', '--slug', 'welcome', '--data', data, '--json'], env());
    assert.equal(rendered.code, 0, rendered.stderr);
    assert.deepEqual(rendered.json, {
      slug: 'welcome', version: 1, subject: 'Welcome, Zoë <3!',
      text: 'Hi Zoë <3, see https://acme.test/?u=Zo%C3%AB%20%3C3',
      html: '<p>Hi Zoë &lt;3 &amp; A&amp;B</p>\n<li>Jacket</li>\n<li>Gloves</li>\n',
    });

    fs.writeFileSync(html, '<p>v2 {{first_name}}</p>');
    const updated = await runLettr(['template', 'push', html, '--slug', 'welcome', '--json'], env());
    assert.deepEqual([updated.json.action, updated.json.version], ['updated', 2]);
    const human = await runLettr(['template', 'render', '--slug', 'welcome', '--data', '{"first_name":"Bo"}'], env());
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^Subject: Welcome, Bo!\n\n--- text ---\nHi Bo, see https:\/\/acme\.test\/\?u=Bo\n\n--- html ---\n<p>v2 Bo<\/p>/, 'text kept: no --text given');
    const old = await runLettr(['template', 'render', '--slug', 'welcome', '--version', '1', '--json'], env());
    assert.equal(old.json.version, 1);

    const topol = file('promo.json', '{"tagName":"mj-body","children":[{"tagName":"mj-button","attributes":{"href":"https://acme.test/?c={{code}}"},"content":"Shop"}]}');
    const pushedJson = await runLettr(['template', 'push', topol, '--slug', 'promo', '--name', 'Promo', '--json'], env());
    assert.equal(pushedJson.code, 0, pushedJson.stderr);
    const promo = await runLettr(['template', 'render', '--slug', 'promo', '--data', '{"code":"10% off"}', '--json'], env());
    assert.equal(promo.json.subject, 'Promo', 'no stored subject: the name');
    assert.match(promo.json.html, /<a href="https:\/\/acme\.test\/\?c=10%25%20off">Shop<\/a>/);
    const promoHuman = await runLettr(['template', 'render', '--slug', 'promo'], env());
    assert.match(promoHuman.stdout, /--- text ---\n\(this template has no text part\)\n/);
  });

  test('clear errors with exit code 2', async () => {
    const html = file('x.html', 'x');
    const cases: [string[], RegExp][] = [
      [['template', 'push', html, '--slug', 'bad slug'], /slug "bad slug" must be/],
      [['template', 'push', path.join(db().dataDir, 'missing.html'), '--slug', 'x'], /cannot read .*missing\.html: ENOENT/],
      [['template', 'push', html, '--slug', 'x', '--project', '999999'], /Project with ID '999999' was not found/],
      [['template', 'render', '--slug', 'nope'], /Template with slug 'nope' was not found\./],
      [['template', 'render', '--slug', 'welcome', '--data', '[1]'], /--data must be a JSON object/],
      [['template', 'push', file('bad.json', '{nope'), '--slug', 'j'], /not valid Topol JSON/],
      [['template', 'frobnicate'], /unknown command 'frobnicate'/],
    ];
    for (const [args, re] of cases) {
      const r = await runLettr(args, env());
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re);
    }
    await runLettr(['team', 'create', '--name', 'Second'], env());
    const ambiguous = await runLettr(['template', 'render', '--slug', 'welcome'], env());
    assert.match(ambiguous.stderr, /--team is required when there are several teams/);
  });
});
