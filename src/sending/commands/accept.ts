// Accept one send request inside the caller's transaction (spec sending.md §2.7 order): validate → sender domain →
// template (404 template_not_found) → recipients (sandbox rewrite, suppression) → persist message + recipients →
// inject now (events + deliver jobs) or enqueue the inject job for scheduled_at. Refusals are ApiErrors thrown before anything is written.
import type { AuthContext } from '../../auth/hook.js';
import { filterSuppressed } from '../../delivery/index.js';
import type { Executor } from '../../db/index.js';
import { findSendingDomain } from '../../domains/index.js';
import { enqueue } from '../../queue/index.js';
import type { AppContext } from '../../http/context.js';
import { apiError, validationFailed } from '../../http/errors.js';
import { normalizedAddress } from '../email-address.js';
import { injectMessage } from '../inject.js';
import { planRecipients } from '../plan.js';
import { sendingText, type AcceptOutcome } from '../presenters.js';
import { newRequestId } from '../request-id.js';
import { decideSender, sandboxSender, senderDomainOf } from '../sender-domain.js';
import { insertMessage, insertRecipients, messageValues } from '../store.js';
import { withTemplateContent } from '../template-content.js';
import { validateSendRequest } from '../validate.js';

export const INJECT_QUEUE = 'inject';

export const SANDBOX_WITHOUT_OWNER = 'Sandbox API key does not have an associated user with an email address.';

export interface AcceptInput {
  auth: AuthContext;
  body: unknown;
  scheduled: boolean;
  now: number;
}

export async function acceptSend(ctx: AppContext, trx: Executor, input: AcceptInput): Promise<AcceptOutcome & { injected: number }> {
  const { auth, now } = input;
  const validated = validateSendRequest(input.body, { now, scheduled: input.scheduled });
  if (!validated.ok) throw validationFailed(validated.errors);
  let request = validated.request;

  const sandbox = auth.keyType === 'sandbox';
  let domain = senderDomainOf(request.from);
  // Sandbox keys skip the domain check (spec §9): their mail only ever reaches the key creator, from the sandbox domain.
  if (!sandbox) {
    const found = domain === null ? null : await findSendingDomain(trx, auth.teamId, domain);
    const decision = decideSender(domain, found, ctx.config.delivery);
    if (decision.kind === 'invalid_domain') throw apiError('invalid_domain', sendingText.invalidDomain);
    if (decision.kind === 'unconfigured_domain') throw apiError('unconfigured_domain', sendingText.unconfiguredDomain(decision.domain, decision.reason));
  } else if (domain === null) {
    throw apiError('invalid_domain', sendingText.invalidDomain);
  }
  if (sandbox && !auth.ownerEmail) throw apiError('send_error', SANDBOX_WITHOUT_OWNER, 400);
  request = await withTemplateContent(trx, auth.teamId, request);
  if (sandbox) {
    request = { ...request, from: sandboxSender(request.from, ctx.config.sandboxDomain) };
    domain = ctx.config.sandboxDomain;
  }

  // The team's suppression list (spec §8): listed addresses are dropped and counted in `rejected`.
  const listed = await filterSuppressed(trx, auth.teamId, [...request.to, ...request.cc, ...request.bcc], { transactional: request.options.transactional });
  const suppressed = new Set(listed.suppressed.map(normalizedAddress));
  const plan = planRecipients({ request, sandboxOwner: sandbox ? auth.ownerEmail : null, suppressed });
  const message = await insertMessage(trx, messageValues({
    teamId: auth.teamId,
    apiKeyId: auth.apiKeyId,
    // 64 random bits: a collision is a unique violation (and a 500), expected once in ~10^19 sends.
    requestId: newRequestId(),
    request,
    sendingDomain: domain!,
    state: input.scheduled ? 'scheduled' : 'queued',
    sandbox,
    now,
  }));
  const recipients = await insertRecipients(trx, message, plan.recipients, now);
  let injected = 0;
  if (request.scheduledAt !== null) {
    await enqueue(trx, [{
      queue: INJECT_QUEUE, payload: { messageId: message.id }, teamId: auth.teamId,
      runAt: request.scheduledAt, dedupeKey: `inject:${message.id}`,
    }], now);
  } else {
    injected = await injectMessage(trx, message, recipients, now);
  }
  return { requestId: message.request_id, accepted: plan.accepted, rejected: plan.rejected, injected };
}
