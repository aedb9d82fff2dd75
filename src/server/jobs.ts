// Every queue handler a worker process runs. A new capability adds its handlers here.
import { accountsHousekeeping, purgeDeletedTeam } from '../accounts/index.js';
import { authHousekeeping } from '../auth/jobs.js';
import { campaignFanout } from '../campaigns/index.js';
import { domainReverification } from '../domains/index.js';
import { deliverHandler } from '../delivery/index.js';
import { mailboxRetention } from '../mailbox/jobs.js';
import type { JobHandler } from '../queue/index.js';
import { injectScheduled } from '../sending/jobs.js';
import { sendingRetention } from '../sending/retention.js';
import { webhookJobs } from '../webhooks/index.js';
import type { AppContext } from '../http/context.js';

export function jobHandlers(ctx: AppContext): JobHandler[] {
  return [authHousekeeping, accountsHousekeeping, purgeDeletedTeam, domainReverification, injectScheduled, sendingRetention, deliverHandler(ctx), mailboxRetention, campaignFanout, ...webhookJobs(ctx)];
}
