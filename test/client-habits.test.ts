// Issue 21: requests as common clients send them. Every contract operation Lettr serves is driven through each client
// in wire-clients.ts against a listening server, each answer checked for its documented status and against the
// contract's schema. Beside it: the body rules (src/http/bodies.ts) — the operations without a body succeed with a JSON
// Content-Type and no body, or a body they ignore; content types with parameters, any case and a BOM; a wrong type names
// the expected one — plus HEAD, OPTIONS, CORS, compression and the 404 shape for unknown paths.
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { createCampaign } from '../src/campaigns/index.js';
import { checkResponse, loadContract } from './helpers/contract.js';
import { forEachDatabase } from './helpers/databases.js';
import { startDnsServer, type DnsTestServer } from './helpers/dns-server.js';
import { startHarness, type Harness } from './helpers/harness.js';
import {
  curlJsonClient, curlPlainClient, fetchClient, http10Client, pipelinedClient, pythonUrllibClient, undiciClient,
  type WireClient, type WireRequest, type WireResponse,
} from './helpers/wire-clients.js';

interface State { [k: string]: string }
interface Step {
  /** What the step is, for failure messages. */
  name: string;
  request: (s: State) => WireRequest;
  status: number;
  capture?: (json: any, s: State) => void;
}

const json = (v: unknown) => JSON.stringify(v);

/**
 * Every operation of the contract that Lettr serves, in phases: steps inside a phase do not depend on each other
 * (the pipelined client writes a phase in one go), later phases use what earlier ones created.
 */
function scenario(key: string, tag: string): Step[][] {
  const domain = `${tag}.example.com`;
  const from = `sender@${domain}`;
  const later = new Date(Date.now() + 24 * 3600_000).toISOString();
  const k = (method: string, path: string, body?: unknown) => ({ method, path, key, body: body === undefined ? undefined : json(body) });
  return [
    [
      { name: 'health', request: () => ({ method: 'GET', path: '/api/health' }), status: 200 },
      { name: 'auth check', request: () => k('GET', '/api/auth/check'), status: 200 },
      { name: 'create domain', request: () => k('POST', '/api/domains', { domain }), status: 201 },
      { name: 'create template', request: () => k('POST', '/api/templates', { name: `Habits ${tag}`, html: '<p>Hi {{name}}</p>' }), status: 201,
        capture: (j, s) => { s.slug = j.data.slug; s.project = String(j.data.project_id); } },
      { name: 'create webhook', request: () => k('POST', '/api/webhooks', { name: tag, url: `http://127.0.0.1:9/${tag}`, auth_type: 'none', events_mode: 'all' }), status: 201,
        capture: (j, s) => { s.webhook = j.data.id; } },
      { name: 'list projects', request: () => k('GET', '/api/projects'), status: 200 },
      { name: 'create list', request: () => k('POST', '/api/audience/lists', { name: `List ${tag}` }), status: 201, capture: (j, s) => { s.list = j.data.id; } },
      { name: 'create list 2', request: () => k('POST', '/api/audience/lists', { name: `Other ${tag}` }), status: 201, capture: (j, s) => { s.list2 = j.data.id; } },
      { name: 'create contact', request: () => k('POST', '/api/audience/contacts', { email: `c@${domain}` }), status: 201, capture: (j, s) => { s.contact = j.data.id; } },
      { name: 'bulk contacts', request: () => k('POST', '/api/audience/contacts/bulk', { emails: [`b1@${domain}`, `b2@${domain}`] }), status: 201 },
      { name: 'create topic', request: () => k('POST', '/api/audience/topics', { name: `Topic ${tag}` }), status: 201, capture: (j, s) => { s.topic = j.data.id; } },
      { name: 'create property', request: () => k('POST', '/api/audience/properties', { name: `p_${tag}`, type: 'string' }), status: 201, capture: (j, s) => { s.property = j.data.id; } },
      { name: 'create segment', request: () => k('POST', '/api/audience/segments', { name: `Seg ${tag}`, conditions: { groups: [{ conditions: [{ field: 'status', operator: 'equals', value: 'subscribed' }] }] } }), status: 201,
        capture: (j, s) => { s.segment = j.data.id; } },
      { name: 'unknown path', request: () => k('GET', '/api/no-such-thing'), status: 404 },
      // The campaign (the public API has no create) is made before the run, as the dashboard editor or the CLI would.
      { name: 'list campaigns', request: () => k('GET', '/api/campaigns'), status: 200 },
      { name: 'show campaign', request: (s) => k('GET', `/api/campaigns/${s.campaign}`), status: 200 },
      { name: 'campaign events', request: (s) => k('GET', `/api/campaigns/${s.campaign}/events`), status: 200 },
    ],
    [
      { name: 'list domains', request: () => k('GET', '/api/domains'), status: 200 },
      { name: 'show domain', request: () => k('GET', `/api/domains/${domain}`), status: 200 },
      { name: 'verify domain', request: () => k('POST', `/api/domains/${domain}/verify`), status: 200 },
      { name: 'list templates', request: () => k('GET', '/api/templates'), status: 200 },
      { name: 'show template', request: (s) => k('GET', `/api/templates/${s.slug}`), status: 200 },
      { name: 'merge tags', request: (s) => k('GET', `/api/templates/${s.slug}/merge-tags`), status: 200 },
      { name: 'template html', request: (s) => k('GET', `/api/templates/html?project_id=${s.project}&slug=${s.slug}`), status: 200 },
      { name: 'update template', request: (s) => k('PUT', `/api/templates/${s.slug}`, { html: '<p>Hello {{name}}</p>' }), status: 200 },
      { name: 'list webhooks', request: () => k('GET', '/api/webhooks'), status: 200 },
      { name: 'show webhook', request: (s) => k('GET', `/api/webhooks/${s.webhook}`), status: 200 },
      { name: 'update webhook', request: (s) => k('PUT', `/api/webhooks/${s.webhook}`, { name: `${tag} renamed` }), status: 200 },
      { name: 'send', request: () => k('POST', '/api/emails', { from, to: ['rcpt@example.org'], subject: 'Habits', text: 'Hi' }), status: 200,
        capture: (j, s) => { s.request = j.data.request_id; } },
      { name: 'schedule', request: () => k('POST', '/api/emails/scheduled', { from, to: ['rcpt@example.org'], subject: 'Later', text: 'Hi', scheduled_at: later }), status: 201,
        capture: (j, s) => { s.scheduled = j.data.request_id; } },
      { name: 'send with an empty JSON body', request: () => ({ ...k('POST', '/api/emails'), body: '' }), status: 422 },
      { name: 'schedule campaign', request: (s) => k('POST', `/api/campaigns/${s.campaign}/schedule`, { scheduled_at: later }), status: 200 },
      { name: 'list lists', request: () => k('GET', '/api/audience/lists'), status: 200 },
      { name: 'show list', request: (s) => k('GET', `/api/audience/lists/${s.list}`), status: 200 },
      { name: 'rename list', request: (s) => k('PATCH', `/api/audience/lists/${s.list}`, { name: `Renamed ${tag}` }), status: 200 },
      { name: 'list contacts', request: () => k('GET', '/api/audience/contacts'), status: 200 },
      { name: 'show contact', request: (s) => k('GET', `/api/audience/contacts/${s.contact}`), status: 200 },
      { name: 'update contact', request: (s) => k('PATCH', `/api/audience/contacts/${s.contact}`, { first_name: 'Ada' }), status: 200 },
      { name: 'contact joins list', request: (s) => k('POST', `/api/audience/contacts/${s.contact}/lists/${s.list}`), status: 201 },
      { name: 'contacts join lists in bulk', request: (s) => k('POST', '/api/audience/contacts/lists/bulk', { contact_ids: [s.contact], list_ids: [s.list2] }), status: 200 },
      { name: 'contact subscribes to topic', request: (s) => k('POST', `/api/audience/contacts/${s.contact}/topics/${s.topic}`), status: 201 },
      { name: 'list topics', request: () => k('GET', '/api/audience/topics'), status: 200 },
      { name: 'show topic', request: (s) => k('GET', `/api/audience/topics/${s.topic}`), status: 200 },
      { name: 'update topic', request: (s) => k('PATCH', `/api/audience/topics/${s.topic}`, { name: `Topic ${tag} renamed` }), status: 200 },
      { name: 'list properties', request: () => k('GET', '/api/audience/properties'), status: 200 },
      { name: 'show property', request: (s) => k('GET', `/api/audience/properties/${s.property}`), status: 200 },
      { name: 'update property', request: (s) => k('PATCH', `/api/audience/properties/${s.property}`, { fallback_value: 'none' }), status: 200 },
      { name: 'list segments', request: () => k('GET', '/api/audience/segments'), status: 200 },
      { name: 'show segment', request: (s) => k('GET', `/api/audience/segments/${s.segment}`), status: 200 },
      { name: 'update segment', request: (s) => k('PATCH', `/api/audience/segments/${s.segment}`, { name: `Seg ${tag} renamed` }), status: 200 },
    ],
    [
      { name: 'unschedule campaign', request: (s) => k('POST', `/api/campaigns/${s.campaign}/unschedule`), status: 200 },
      { name: 'list emails', request: () => k('GET', '/api/emails'), status: 200 },
      { name: 'show email', request: (s) => k('GET', `/api/emails/${s.request}`), status: 200 },
      { name: 'list events', request: () => k('GET', '/api/emails/events'), status: 200 },
      { name: 'show scheduled', request: (s) => k('GET', `/api/emails/scheduled/${s.scheduled}`), status: 200 },
      { name: 'cancel scheduled', request: (s) => k('DELETE', `/api/emails/scheduled/${s.scheduled}`), status: 200 },
      { name: 'delete webhook', request: (s) => k('DELETE', `/api/webhooks/${s.webhook}`), status: 200 },
      { name: 'delete template', request: (s) => k('DELETE', `/api/templates/${s.slug}`), status: 200 },
      { name: 'unknown path, DELETE', request: () => k('DELETE', '/api/no-such-thing/1'), status: 404 },
      { name: 'contact leaves list', request: (s) => k('DELETE', `/api/audience/contacts/${s.contact}/lists/${s.list}`), status: 204 },
      { name: 'contacts leave lists in bulk', request: (s) => k('DELETE', '/api/audience/contacts/lists/bulk', { contact_ids: [s.contact], list_ids: [s.list2] }), status: 200 },
      { name: 'contact unsubscribes from topic', request: (s) => k('DELETE', `/api/audience/contacts/${s.contact}/topics/${s.topic}`), status: 204 },
    ],
    [
      { name: 'send campaign', request: (s) => k('POST', `/api/campaigns/${s.campaign}/send`), status: 202 },
      { name: 'delete domain', request: () => k('DELETE', `/api/domains/${domain}`), status: 204 },
      { name: 'delete contact', request: (s) => k('DELETE', `/api/audience/contacts/${s.contact}`), status: 204 },
      { name: 'delete list', request: (s) => k('DELETE', `/api/audience/lists/${s.list}`), status: 204 },
      { name: 'delete lists in bulk', request: (s) => k('DELETE', '/api/audience/lists/bulk', { list_ids: [s.list2] }), status: 200 },
      { name: 'delete segment', request: (s) => k('DELETE', `/api/audience/segments/${s.segment}`), status: 204 },
      { name: 'delete property', request: (s) => k('DELETE', `/api/audience/properties/${s.property}`), status: 204 },
      { name: 'delete topic', request: (s) => k('DELETE', `/api/audience/topics/${s.topic}`), status: 204 },
    ],
  ];
}

function parsed(res: WireResponse, where: string): unknown {
  if (!res.text) return undefined;
  assert.match(res.headers['content-type'] ?? '', /^application\/json/, `${where}: JSON answer expected`);
  return JSON.parse(res.text);
}

function checkAnswer(req: WireRequest, res: WireResponse, step: Step, client: string): any {
  const where = `${client}: ${step.name} (${req.method} ${req.path})`;
  assert.equal(res.status, step.status, `${where}: ${res.status} ${res.text.slice(0, 300)}`);
  const body = parsed(res, where);
  if (step.status === 204) assert.equal(res.text, '', `${where}: 204 carries no body`);
  const unknown = req.path.startsWith('/api/no-such-thing');
  checkResponse(req.method, req.path, res.status, body, unknown ? { beyondContract: 'unknown path' } : {});
  if (unknown) assert.deepEqual(body, { message: 'Not found.', error_code: 'not_found' });
  return body;
}

async function runScenario(client: WireClient, base: string, key: string, tag: string, seed: State): Promise<void> {
  const state: State = { ...seed };
  for (const phase of scenario(key, tag)) {
    const requests = phase.map((step) => step.request(state));
    // A client that sends bodies without the JSON type (plain `curl -d`): told which type to use, then the same request
    // is made as a JSON client so the rest of the scenario has its resources.
    const answers: WireResponse[] = [];
    if (client.sendBatch) answers.push(...await client.sendBatch(base, requests));
    else {
      for (const [i, r] of requests.entries()) {
        if (!client.jsonContentType && r.body !== undefined) {
          const refused = await client.send(base, r);
          assert.equal(refused.status, 422, `${client.name}: ${phase[i]!.name}: ${refused.text}`);
          const b = JSON.parse(refused.text);
          checkResponse(r.method, r.path, 422, b);
          assert.deepEqual(b.errors, { body: ['The request body must be sent with Content-Type: application/json.'] });
          answers.push(r.body === '' ? refused : await fetchClient.send(base, r));
        } else answers.push(await client.send(base, r));
      }
    }
    for (const [i, step] of phase.entries()) {
      const body = checkAnswer(requests[i]!, answers[i]!, step, client.name);
      step.capture?.(body, state);
    }
  }
}

const CLIENTS: WireClient[] = [fetchClient, undiciClient, curlJsonClient, curlPlainClient, pythonUrllibClient(), http10Client, pipelinedClient];

forEachDatabase('client habits', (db) => {
  let h: Harness;
  let dns: DnsTestServer;
  let base: string;
  let key: string;
  let teamId: number;
  before(async () => {
    dns = await startDnsServer();
    h = await startHarness(db(), { LETTR_DNS_SERVERS: dns.address, LETTR_WEBHOOK_ALLOW_PRIVATE: 'true' });
    base = await h.app.listen({ host: '127.0.0.1', port: 0 });
    teamId = await h.createTeam();
    key = (await h.createKey(teamId)).key;
  });
  after(async () => {
    for (const c of CLIENTS) await c.close?.();
    await h.close();
    await dns.close();
  });

  for (const [i, client] of CLIENTS.entries()) {
    test(`${client.name}: every served contract operation answers its documented status and shape`, async () => {
      const list = (await h.api.post('/api/audience/lists', key, { name: `Campaign list ${i}` })).json.data;
      const campaign = await createCampaign(h.ctx, teamId, { name: `Habits ${i}`, from_email: `news@habit${i}.example.com`, subject: 'Hi', html: '<p>Hi</p>', list_ids: [list.id] });
      await runScenario(client, base, key, `habit${i}`, { campaign: campaign.public_id });
    });
  }

  test('HTTP/1.0 answers close the connection; pipelined answers come back in request order', async () => {
    const one = await http10Client.send(base, { method: 'GET', path: '/api/health' });
    assert.equal(one.status, 200);
    assert.notEqual(one.headers.connection, 'keep-alive');
    const paths = ['/api/health', '/api/no-such-thing', '/api/auth/check', '/api/health'];
    const answers = await pipelinedClient.sendBatch!(base, paths.map((path) => ({ method: 'GET', path, key })));
    assert.deepEqual(answers.map((a) => a.status), [200, 404, 200, 200]);
    assert.equal(JSON.parse(answers[2]!.text).message, 'API key is valid.');
  });

  describe('bodies', () => {
    let fixture = 0;
    const inject = (method: string, url: string, headers: Record<string, string>, payload?: string | Buffer) =>
      h.app.inject({ method: method as 'POST', url, headers: { authorization: `Bearer ${key}`, ...headers }, payload });

    /** Fresh resources for the five bodyless operations the issue names. */
    async function five(): Promise<Array<[string, string, number]>> {
      const tag = `five${++fixture}`;
      const domain = `${tag}.example.com`;
      assert.equal((await h.api.post('/api/domains', key, { domain })).status, 201);
      const t = await h.api.post('/api/templates', key, { name: `Five ${tag}`, html: 'x' });
      const w = await h.api.post('/api/webhooks', key, { name: tag, url: `http://127.0.0.1:9/${tag}`, auth_type: 'none', events_mode: 'all' });
      const s = await h.api.post('/api/emails/scheduled', key, { from: `a@${domain}`, to: ['b@example.org'], subject: 's', text: 't', scheduled_at: new Date(Date.now() + 3600_000).toISOString() });
      assert.equal(s.status, 201, s.text);
      return [
        ['POST', `/api/domains/${domain}/verify`, 200],
        ['DELETE', `/api/templates/${t.json.data.slug}`, 200],
        ['DELETE', `/api/webhooks/${w.json.data.id}`, 200],
        ['DELETE', `/api/emails/scheduled/${s.json.data.request_id}`, 200],
        ['DELETE', `/api/domains/${domain}`, 204],
      ];
    }

    test('the five bodyless operations succeed with Content-Type: application/json and no body', async () => {
      for (const [method, url, status] of await five()) {
        const res = await inject(method, url, { 'content-type': 'application/json' });
        assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
        checkResponse(method, url, res.statusCode, res.body ? res.json() : undefined);
      }
    });

    test('a body sent to an operation that takes none is ignored, whatever it is', async () => {
      const bodies: Array<[Record<string, string>, string]> = [
        [{ 'content-type': 'application/json' }, '{"unexpected":true}'],
        [{ 'content-type': 'application/json' }, '{not json'],
        [{ 'content-type': 'text/plain' }, 'hello'],
        [{ 'content-type': 'application/x-www-form-urlencoded' }, 'a=1'],
        [{ 'content-type': 'not a media type' }, 'x'],
        [{}, 'no content type at all'],
      ];
      for (const [i, [method, url, status]] of (await five()).entries()) {
        const [headers, payload] = bodies[i]!;
        const res = await inject(method, url, headers, payload);
        assert.equal(res.statusCode, status, `${method} ${url} with ${JSON.stringify(headers)}: ${res.body}`);
      }
    });

    test('JSON content types with parameters and any case, and a UTF-8 BOM, are accepted', async () => {
      const types = ['application/json; charset=utf-8', 'Application/JSON; Charset=UTF-8', 'application/json;charset="utf-8"', 'APPLICATION/JSON'];
      for (const [i, type] of types.entries()) {
        const res = await inject('POST', '/api/domains', { 'content-type': type }, json({ domain: `type${i}.example.com` }));
        assert.equal(res.statusCode, 201, `${type}: ${res.body}`);
      }
      const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json({ domain: 'bom.example.com' }))]);
      const res = await inject('POST', '/api/domains', { 'content-type': 'application/json; charset=utf-8' }, bom);
      assert.equal(res.statusCode, 201, res.body);
    });

    test('operations that take a body: empty → 422 naming the body; wrong type → 422 naming application/json', async () => {
      const empty = await h.api.request({ method: 'POST', url: '/api/emails', key, payload: '', headers: { 'content-type': 'application/json' } });
      assert.equal(empty.status, 422);
      assert.deepEqual(empty.json.errors, { body: ['The request body must be valid JSON.'] });
      for (const headers of <Array<Record<string, string>>>[{ 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'nonsense' }, {}]) {
        const res = await h.api.request({ method: 'POST', url: '/api/domains', key, payload: json({ domain: 'wrong.example.com' }), headers });
        assert.equal(res.status, 422, JSON.stringify(headers));
        assert.deepEqual(res.json, { message: 'Validation failed.', error_code: 'validation_error', errors: { body: ['The request body must be sent with Content-Type: application/json.'] } });
      }
    });

    test('every /api route declares its body, and it matches the served API document (contract + extensions)', () => {
      const contract = loadContract();
      let compared = 0;
      for (const r of h.app.routeBodies.filter((x) => x.url.startsWith('/api/'))) {
        const path = r.url.slice('/api'.length);
        const op = contract.find(r.method, path.replace(/:[^/]+/g, 'x'));
        if (!op) continue;
        // The served document (contract + extensions): no requestBody = 'none', a required one = 'json', else 'optional'.
        const requestBody = contract.doc.paths[op.template][r.method.toLowerCase()].requestBody;
        const expected = !requestBody ? 'none' : requestBody.required === false ? 'optional' : 'json';
        assert.equal(r.body, expected, `${r.method} ${r.url} declares body '${r.body}', the API document says '${expected}'`);
        compared++;
      }
      assert.ok(compared >= 19, `only ${compared} routes compared`);
    });
  });

  describe('responses', () => {
    test('HEAD answers wherever GET does: same status and headers, no body', async () => {
      for (const path of ['/api/health', '/api/auth/check', '/api/domains', '/api/emails', '/api/templates', '/api/webhooks', '/api/no-such-thing']) {
        const get = await fetch(base + path, { headers: { authorization: `Bearer ${key}` } });
        const head = await fetch(base + path, { method: 'HEAD', headers: { authorization: `Bearer ${key}` } });
        assert.equal(head.status, get.status, path);
        assert.equal(head.headers.get('content-type'), get.headers.get('content-type'), path);
        assert.equal(await head.text(), '', path);
      }
      const noKey = await fetch(base + '/api/domains', { method: 'HEAD' });
      assert.equal(noKey.status, 401);
    });

    test('large answers are compressed when asked (br, gzip); small ones are not', async () => {
      assert.equal((await h.api.post('/api/domains', key, { domain: 'compress.example.com' })).status, 201);
      for (let i = 0; i < 15; i++) {
        assert.equal((await h.api.post('/api/emails', key, { from: 'a@compress.example.com', to: ['r@example.org'], subject: `Compress ${i}`, text: 'x' })).status, 200);
      }
      for (const [encoding, decode] of [['br', zlib.brotliDecompressSync], ['gzip', zlib.gunzipSync]] as const) {
        const res = await h.app.inject({ method: 'GET', url: '/api/emails?per_page=50', headers: { authorization: `Bearer ${key}`, 'accept-encoding': encoding } });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['content-encoding'], encoding);
        const body = JSON.parse(decode(res.rawPayload).toString('utf8'));
        checkResponse('GET', '/api/emails', 200, body);
      }
      const small = await h.app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(small.headers['content-encoding'], undefined);
      // What Node's fetch does by default: asks, decompresses, and the caller sees plain JSON.
      const viaFetch = await fetch(base + '/api/emails?per_page=50', { headers: { authorization: `Bearer ${key}` } });
      assert.ok(['br', 'gzip'].includes(viaFetch.headers.get('content-encoding') ?? ''));
      checkResponse('GET', '/api/emails', 200, await viaFetch.json());
    });

    test('OPTIONS: 204 with Allow on existing paths and nothing else; unknown paths 404', async () => {
      const res = await fetch(base + '/api/domains', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      assert.equal(res.status, 204);
      assert.deepEqual(res.headers.get('allow')!.split(', ').sort(), ['GET', 'HEAD', 'OPTIONS', 'POST']);
      assert.equal(await res.text(), '');
      for (const [name] of res.headers) assert.ok(!name.startsWith('access-control-'), `no CORS header without LETTR_CORS_ORIGINS: ${name}`);
      const param = await fetch(base + '/api/templates/some-slug', { method: 'OPTIONS' });
      assert.deepEqual(param.headers.get('allow')!.split(', ').sort(), ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PUT']);
      const unknown = await fetch(base + '/api/nothing/here', { method: 'OPTIONS' });
      assert.equal(unknown.status, 404);
      assert.deepEqual(await unknown.json(), { message: 'Not found.', error_code: 'not_found' });
    });

    test('unknown /api paths answer the contract 404 shape on every method', async () => {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        const res = await fetch(base + '/api/audience/nothing', { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: method === 'GET' ? undefined : '{' });
        assert.equal(res.status, 404, method);
        assert.deepEqual(await res.json(), { message: 'Not found.', error_code: 'not_found' }, method);
      }
    });
  });
});

forEachDatabase('CORS when configured', (db) => {
  let h: Harness;
  let base: string;
  let key: string;
  before(async () => {
    h = await startHarness(db(), { LETTR_CORS_ORIGINS: 'https://app.example.com' });
    base = await h.app.listen({ host: '127.0.0.1', port: 0 });
    key = (await h.createKey(await h.createTeam())).key;
  });
  after(() => h.close());

  test('preflights and answers carry CORS headers for the named origin only', async () => {
    const pre = await fetch(base + '/api/emails', { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    const other = await fetch(base + '/api/emails', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const get = await fetch(base + '/api/auth/check', { headers: { origin: 'https://app.example.com', authorization: `Bearer ${key}` } });
    assert.equal(get.status, 200);
    assert.equal(get.headers.get('access-control-allow-origin'), 'https://app.example.com');
    const dashboard = await fetch(base + '/dashboard/api/me', { headers: { origin: 'https://app.example.com' } });
    assert.equal(dashboard.headers.get('access-control-allow-origin'), null, 'the dashboard API never answers cross-origin');
  });
});
