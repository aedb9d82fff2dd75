export { enqueue, claimJobs, completeJob, retryJob, failJob, extendLease, type NewJob, type JobRow } from './store.js';
export { Worker, runJob, runQueueOnce, ensureRecurring, applyOutcome, type JobHandler, type JobOutcome, type ClaimedJob, type LaneLoop } from './worker.js';
export { backoffMs } from './backoff.js';
