// Every queue handler a worker process runs. A new capability adds its handlers here.
import { authHousekeeping } from '../auth/jobs.js';
import { domainReverification } from '../domains/index.js';
import type { JobHandler } from '../queue/index.js';
import { injectScheduled } from '../sending/jobs.js';
import { sendingRetention } from '../sending/retention.js';
import type { AppContext } from './context.js';

export function jobHandlers(_ctx: AppContext): JobHandler[] {
  return [authHousekeeping, domainReverification, injectScheduled, sendingRetention];
}
