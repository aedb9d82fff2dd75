// Create/update-time target check (issue 6 §5): a host name is resolved through the configured resolver, and a name
// whose every address is refused is a 422. A resolver failure is not held against the URL (it may be transient); the
// delivery-time check on the connected address still applies to every attempt.
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
    if (!r.ok) continue;
    const verdict = permittedAddresses(r.addresses, false);
    if (!verdict.ok) errors[field] = [refusalMessage(verdict.classes).replace(/^The url /, `The ${field} `)];
  }
  if (Object.keys(errors).length) throw validationFailed(errors);
}
