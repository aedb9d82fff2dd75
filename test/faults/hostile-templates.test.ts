// Fault scenario (issue 11): the two requests that froze the server for every team, sent with a Sending Only key to a
// real `lettr start` process delivering into its built-in mailbox.
//  1. Nested `each` over ~300 items with long `or` chains (~17 KB of JSON): over the per-message template budget.
//  2. An html body of "a" + 150 000 spaces + "x\n{{if a}}\nb\n{{end}}\n" (quadratic compile before), plus 100 KB of
//     it at POST /api/templates.
// While each is processed, /api/health and a normal send from another team keep answering: health answers are counted
// while the hostile job is claimed and its recipients still pending (order, not milliseconds), the other team's send is
// accepted then, and everything completes. The mailbox holds exactly one copy per delivered recipient, none twice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDatabase } from '../helpers/databases.js';
import { runLettr } from '../helpers/spawn.js';
import { Clients } from './helpers/http.js';
import { queryRows } from './helpers/rows.js';
import { startServer } from './helpers/server.js';

const DOMAIN = 'hostile.example.com';
const OTHER_DOMAIN = 'calm.example.com';
/** Health answers that must come while the hostile copy is being worked on: a blocked loop answers none of them. */
const MIN_HEALTH_DURING = 5;

const ITEMS = Array.from({ length: 300 }, (_, i) => ({ sku: `SKU-${i}`, qty: i % 7, note: i % 3 ? '' : 'gift' }));
/** 120 terms of 4 tokens: just under the 512-token limit of one tag. */
const OR_CHAIN = Array.from({ length: 120 }, (_, i) => `loop_var.k${i}`).join(' or ');
const NESTED_OR = `<ul>{{each items}}{{each items}}<li>{{ ${OR_CHAIN} or loop_var.sku }}</li>{{end}}{{end}}</ul>`;
const SPACES = `a${' '.repeat(150_000)}x\n{{if a}}\nb\n{{end}}\n`;

forEachDatabase('fault: hostile templates', (db) => {
  test('nested-or render and whitespace compile: health and another team keep answering; one copy per recipient', async () => {
    const server = await startServer({ databaseUrl: db().url, dataDir: db().dataDir, env: { LETTR_DELIVERY: 'local' } });
    const clients = new Clients(server.url);
    const cliEnv = { LETTR_DATABASE_URL: db().url, LETTR_DATA_DIR: db().dataDir };
    const call = async (key: string, method: string, path: string, body?: unknown) => {
      const res = await clients.request({ method, path, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, json: res.body ? JSON.parse(res.body) : null, body: res.body };
    };
    try {
      // The attacker: a Sending Only key of the bootstrap team. The bystander: another team with its own key.
      assert.equal((await call(server.key, 'POST', '/api/domains', { domain: DOMAIN })).status, 201);
      const sendingOnly = await call(server.key, 'POST', '/api/api-keys', { name: 'sender', permission: 'sending_only' });
      assert.equal(sendingOnly.status, 201, sendingOnly.body);
      const attacker = sendingOnly.json.data.key as string;
      const team = await runLettr(['team', 'create', '--name', 'Bystander', '--json'], cliEnv);
      assert.equal(team.code, 0, team.stderr);
      const made = await runLettr(['key', 'create', '--team', String(team.json.id), '--name', 'k', '--permission', 'full_access', '--json'], cliEnv);
      assert.equal(made.code, 0, made.stderr);
      const bystander = made.json.key as string;
      assert.equal((await call(bystander, 'POST', '/api/domains', { domain: OTHER_DOMAIN })).status, 201);

      const pendingOf = async (requestId: string) => queryRows<{ status: string; claimed: number | string }>(db(),
        `SELECT r.status, (SELECT COUNT(*) FROM jobs j WHERE j.queue = 'deliver' AND j.locked_by IS NOT NULL
           AND j.payload = '{"recipientId":' || r.id || '}') AS claimed
         FROM message_recipients r JOIN messages m ON m.id = r.message_id WHERE m.request_id = '${requestId}'`);
      const copiesOf = async (requestId: string) => (await queryRows<{ rcpt_to: string }>(db(),
        `SELECT rcpt_to FROM mailbox_messages WHERE request_id = '${requestId}' ORDER BY rcpt_to`)).map((r) => r.rcpt_to);
      const finalOf = async (requestId: string) => {
        for (;;) {
          const rows = await pendingOf(requestId);
          if (rows.length > 0 && rows.every((r) => r.status !== 'queued' && r.status !== 'deferred')) return rows.map((r) => r.status);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      };

      /** Sends `hostile`, and while its copies are claimed and pending asks /api/health and sends for the bystander. */
      const otherSend = async () => {
        const other = await call(bystander, 'POST', '/api/emails', { from: `news@${OTHER_DOMAIN}`, to: ['calm@example.org'], subject: 'Hello', html: '<p>Hi {{name}}</p>', substitution_data: { name: 'there' } });
        assert.equal(other.status, 200, other.body);
        return other.json.data.request_id as string;
      };
      async function underLoad(hostile: Record<string, unknown>, o: { otherWhileWorking: boolean }): Promise<{ requestId: string; healthDuring: number; otherId: string }> {
        const sent = await call(attacker, 'POST', '/api/emails', hostile);
        assert.equal(sent.status, 200, sent.body);
        const requestId = sent.json.data.request_id as string;
        let healthDuring = 0;
        let otherId: string | null = o.otherWhileWorking ? null : await otherSend();
        for (;;) {
          const health = await clients.request({ method: 'GET', path: '/api/health' });
          assert.equal(health.status, 200);
          const rows = await pendingOf(requestId);
          const working = rows.some((r) => (r.status === 'queued' || r.status === 'deferred') && Number(r.claimed) > 0);
          if (!working && rows.every((r) => r.status !== 'queued' && r.status !== 'deferred')) break;
          if (!working) continue;
          healthDuring++;
          otherId ??= await otherSend();
        }
        assert.ok(otherId !== null, 'the other team sent while the hostile copy was being worked on');
        return { requestId, healthDuring, otherId };
      }

      // 1. Nested each with long `or` chains: over the template budget, a generation_failure naming it, never a copy.
      const data = { items: ITEMS };
      assert.ok(JSON.stringify(data).length > 10_000);
      const one = await underLoad({
        from: `promo@${DOMAIN}`, to: ['victim1@example.org', 'victim2@example.org'], subject: 'Deals', html: NESTED_OR, text: NESTED_OR, amp_html: NESTED_OR, substitution_data: data,
      }, { otherWhileWorking: true });
      assert.deepEqual(await finalOf(one.requestId), ['failed', 'failed']);
      const reasons = await queryRows<{ data: string }>(db(), `SELECT data FROM events WHERE request_id = '${one.requestId}' AND type = 'generation_failure'`);
      assert.equal(reasons.length, 2);
      for (const r of reasons) assert.match(JSON.parse(r.data).reason, /template work exceeded the 2000 ms time budget/);
      assert.deepEqual(await copiesOf(one.requestId), []);

      // 2. The whitespace run: compiles in linear time now, so it is simply delivered, once per recipient.
      const two = await underLoad({ from: `promo@${DOMAIN}`, to: ['victim3@example.org', 'victim4@example.org'], subject: 'Spaces', html: SPACES, substitution_data: { a: true } }, { otherWhileWorking: false });
      assert.deepEqual(await finalOf(two.requestId), ['delivered', 'delivered']);
      assert.deepEqual(await copiesOf(two.requestId), ['victim3@example.org', 'victim4@example.org']);
      const template = await call(server.key, 'POST', '/api/templates', { name: 'Spaces', html: `a${' '.repeat(100_000)}x\n{{if a}}\nb\n{{end}}\n` });
      assert.equal(template.status, 201, template.body);

      // The bystander's sends completed, one copy each; nothing anywhere was delivered twice.
      for (const id of [one.otherId, two.otherId]) {
        assert.deepEqual(await finalOf(id), ['delivered']);
        assert.deepEqual(await copiesOf(id), ['calm@example.org']);
      }
      const twice = await queryRows<{ n: number | string }>(db(), 'SELECT COUNT(*) AS n FROM (SELECT recipient_id FROM mailbox_messages GROUP BY recipient_id HAVING COUNT(*) > 1) d');
      assert.equal(Number(twice[0]!.n), 0);
      process.stdout.write(`[fault] hostile templates [${db().dialect}]: health answers while working: nested-or=${one.healthDuring} spaces=${two.healthDuring}\n`);
      assert.ok(one.healthDuring >= MIN_HEALTH_DURING, `only ${one.healthDuring} health answers while the nested-or copy was worked on`);
      assert.ok(server.alive());
    } finally {
      await clients.close();
      assert.equal(await server.stop(), 0, 'a clean shutdown');
    }
  });
});
