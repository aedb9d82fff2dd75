// The contract harness: every response an API test receives is checked against contract/lettr-openapi.json (a copy
// of the public Lettr contract): the status must be one the operation lists, and the JSON body must validate against
// that status's schema. Calls that go beyond the contract (our extensions, cross-cutting 403/429/503 on operations
// that do not list them) say so explicitly with `beyondContract`, and their error bodies are still checked against the
// contract's error envelopes.
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { apiDocument } from '../../src/system/openapi.js';

// The document /api/openapi.json serves: the contract plus our extensions (contract/lettr-extensions.json), which
// also adds the error codes Lettr's own docs use but the contract's ErrorCode enum lacks (spec security-and-events
// §2.7: sandbox_restricted, rate_limit_exceeded, campaign_has_pending_schedule) and ours for an unreachable database
// (service_unavailable).

type Json = any;
// ajv is CommonJS; under NodeNext its default export is the module object.
const Ajv2020 = (Ajv2020Module as unknown as { default: typeof Ajv2020Module.default }).default;

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  responses: Record<string, Json>;
}

function rewriteRefs(node: Json): Json {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    const out: Json = {};
    // oneOf read as anyOf: the contract's error unions overlap (a ValidationErrorResponse is also an ErrorResponse, e.g.
    // scheduleCampaign's 422), so a body that fits the documented shape would fail "exactly one"; it must still fit one.
    for (const [k, v] of Object.entries(node)) out[k === 'oneOf' ? 'anyOf' : k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `lettr${v}` : rewriteRefs(v);
    return out;
  }
  return node;
}

class Contract {
  readonly doc: Json;
  private ajv: InstanceType<typeof Ajv2020Module.default>;
  private ops: Operation[] = [];
  private cache = new Map<string, ValidateFunction | null>();

  constructor() {
    this.doc = structuredClone(apiDocument());
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats.default(this.ajv);
    this.ajv.addSchema({ $id: 'lettr', components: rewriteRefs(this.doc.components) });
    for (const [template, item] of Object.entries<Json>(this.doc.paths)) {
      for (const [method, op] of Object.entries<Json>(item)) {
        if (!op?.responses) continue;
        const regex = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
        this.ops.push({ method: method.toUpperCase(), template, pattern: new RegExp(`^${regex}$`), params: (template.match(/\{/g) ?? []).length, responses: op.responses });
      }
    }
    // Literal segments win over parameters: /emails/scheduled before /emails/{requestId}.
    this.ops.sort((a, b) => a.params - b.params);
  }

  find(method: string, apiPath: string): Operation | undefined {
    return this.ops.find((o) => o.method === method && o.pattern.test(apiPath));
  }

  private resolveResponse(r: Json): Json {
    while (r?.$ref) r = this.doc.components.responses[r.$ref.split('/').pop()];
    return r;
  }

  validator(op: Operation, status: string): ValidateFunction | null {
    const key = `${op.method} ${op.template} ${status}`;
    if (!this.cache.has(key)) {
      const schema = this.resolveResponse(op.responses[status])?.content?.['application/json']?.schema;
      this.cache.set(key, schema ? this.ajv.compile(rewriteRefs(schema)) : null);
    }
    return this.cache.get(key)!;
  }

  schemaValidator(name: string): ValidateFunction {
    return this.ajv.getSchema(`lettr#/components/schemas/${name}`)!;
  }
}

let contract: Contract | undefined;
export const loadContract = () => (contract ??= new Contract());

export class ContractViolation extends Error {}

/**
 * Check one response. `url` is the request URL (with or without the /api prefix and query string).
 * Throws ContractViolation with the details when the response does not fit.
 */
export function checkResponse(method: string, url: string, status: number, body: unknown, opts: { beyondContract?: string } = {}): void {
  const c = loadContract();
  const apiPath = new URL(url, 'http://x').pathname.replace(/^\/api(?=\/|$)/, '') || '/';
  const op = c.find(method.toUpperCase(), apiPath);
  const where = `${method.toUpperCase()} ${url} → ${status}`;
  if (opts.beyondContract) {
    // Still hold error bodies to the contract's envelopes.
    if (status === 401) assertValid(c.schemaValidator('UnauthorizedResponse'), body, where);
    else if (status === 422) assertValid(c.schemaValidator('ValidationErrorResponse'), body, where);
    else if (status >= 400 && !isSandboxBody(body) && !isIpDeniedBody(body)) assertValid(c.schemaValidator('ErrorResponse'), body, where);
    return;
  }
  if (!op) throw new ContractViolation(`${where}: no such operation in the contract (pass beyondContract: 'why' for our extensions)`);
  if (!(String(status) in op.responses)) {
    throw new ContractViolation(`${where}: status ${status} is not listed for ${op.method} ${op.template} (listed: ${Object.keys(op.responses).join(', ')})`);
  }
  const validate = c.validator(op, String(status));
  if (validate) assertValid(validate, body, where);
}

// The sandbox 403 body carries an extra `status` key beside the envelope (spec §1.5); the envelope part must still fit.
function isSandboxBody(body: unknown): boolean {
  return !!body && typeof body === 'object' && (body as Json).error_code === 'sandbox_restricted';
}

// The IP-restriction 403 is `{"message": …}` alone (spec security-and-events §1.8, §2.1: canonical, byte for byte).
function isIpDeniedBody(body: unknown): boolean {
  return JSON.stringify(body) === '{"message":"Access denied. Your IP address is not allowed."}';
}

function assertValid(validate: ValidateFunction, body: unknown, where: string): void {
  if (!validate(body)) {
    const errs = (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message}`).join('; ');
    throw new ContractViolation(`${where}: body does not match the contract: ${errs}\nbody: ${JSON.stringify(body).slice(0, 800)}`);
  }
}
