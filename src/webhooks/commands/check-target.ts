// Create/update-time target check (issue 6 §5, issue 18): a host name is resolved through the configured resolver, and
// a name whose every address is refused is a 422. A name that does not resolve now (split-horizon DNS, a resolver
// outage, a record not created yet) is accepted: what protects is the delivery-time check, which resolves again at
// every attempt and connects only to the address it checked.
import { isIP } from 'node:net';
import type { AppContext } from '../../http/context.js';
import { validationFailed, type FieldErrors } from '../../http/errors.js';
import { webhookRuntime } from '../runtime.js';
import { bareHost, permittedAddresses, refusalMessage } from '../target-rules.js';

export async function assertTargetsResolvePublicly(ctx: AppContext, urls: Record<string, string | undefined>): Promise<void> {
  if (ctx.config.webhooks.allowPrivate) return;
  const errors: FieldErrors = {};
  for (const [field, raw] of Object.entries(urls)) {
    if (!raw) continue;
    const host = bareHost(new URL(raw));
    if (isIP(host)) continue; // literals were judged by the pure rules already
    const r = await webhookRuntime(ctx).resolve(host);
    if (!r.ok || r.addresses.length === 0) continue;
    const verdict = permittedAddresses(r.addresses, false);
    if (!verdict.ok) errors[field] = [refusalMessage(verdict.classes).replace(/^The url /, `The ${field} `)];
  }
  if (Object.keys(errors).length) throw validationFailed(errors);
}
