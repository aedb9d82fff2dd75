// Every queue handler a worker process runs. A new capability adds its handlers here.
import { authHousekeeping } from '../auth/jobs.js';
import type { JobHandler } from '../queue/index.js';
import { webhookJobs } from '../webhooks/index.js';
import type { AppContext } from './context.js';

export function jobHandlers(ctx: AppContext): JobHandler[] {
  return [authHousekeeping, ...webhookJobs(ctx)];
}
