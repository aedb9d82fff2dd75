// The audit CSV: RFC 4180 quoting, and cells a spreadsheet would run as formulas are neutralised.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditCsv } from './csv.js';

test('quotes commas and quotes; prefixes formula-looking cells', () => {
  const csv = auditCsv([{
    id: 1, team_id: 1, actor: { type: 'user', id: 2 }, action: 'team.renamed', target: { type: 'team', id: '1' }, ip: '127.0.0.1',
    user_agent: '=HYPERLINK("http://x")', created_at: '2026-01-01T00:00:00.000Z', details: { from: 'a,b', to: '"c"' },
  }]);
  const [header, row] = csv.trim().split('\r\n');
  assert.equal(header, 'id,created_at,actor_type,actor_id,action,target_type,target_id,ip,user_agent,details');
  assert.ok(row!.includes(`"'=HYPERLINK(""http://x"")"`));
  assert.ok(row!.endsWith(`"{""from"":""a,b"",""to"":""\\""c\\""""}"`));
});
