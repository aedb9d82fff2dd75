// The API description this server serves: the public Lettr contract (contract/lettr-openapi.json, unchanged) plus our
// documented extensions (contract/lettr-extensions.json: operations marked `x-lettr-extension`, extra error codes),
// merged into one OpenAPI 3.1 document. The test harness validates responses against the same merged document.
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot, packageVersion } from '../http/package-root.js';

type Json = any;

const read = (name: string): Json => JSON.parse(fs.readFileSync(path.join(packageRoot(), 'contract', name), 'utf8'));

/** Pure: the contract with the extensions merged in (paths and schemas added, never replacing the contract's). */
export function mergeApiDocuments(contract: Json, extensions: Json, opts: { serverUrl?: string; version?: string } = {}): Json {
  const doc = structuredClone(contract);
  for (const [p, item] of Object.entries<Json>(extensions.paths ?? {})) {
    doc.paths[p] ??= {};
    for (const [method, op] of Object.entries<Json>(item)) {
      if (doc.paths[p][method]) throw new Error(`extension ${method.toUpperCase()} ${p} would replace a contract operation`);
      doc.paths[p][method] = op;
    }
  }
  for (const [name, schema] of Object.entries<Json>(extensions.components?.schemas ?? {})) {
    if (doc.components.schemas[name]) throw new Error(`extension schema ${name} would replace the contract's`);
    doc.components.schemas[name] = schema;
  }
  const codes = doc.components.schemas.ErrorCode;
  codes.enum = [...new Set([...codes.enum, ...(extensions['x-extra-error-codes'] ?? [])])];
  doc.tags = [...(doc.tags ?? []), ...(extensions.tags ?? []).filter((t: Json) => !(doc.tags ?? []).some((d: Json) => d.name === t.name))];
  doc.info = { ...doc.info, title: 'Lettr API (self-hosted)', version: opts.version ?? doc.info.version,
    description: `${doc.info.description}\n\nServed by a self-hosted Lettr: the public contract plus this server's extensions (marked \`x-lettr-extension\`).` };
  if (opts.serverUrl) doc.servers = [{ url: opts.serverUrl, description: 'This server' }];
  return doc;
}

let cached: Json | undefined;

/** The merged document without a server URL (tests, and the base the route adds its URL to). */
export function apiDocument(): Json {
  return (cached ??= mergeApiDocuments(read('lettr-openapi.json'), read('lettr-extensions.json'), { version: packageVersion() }));
}
