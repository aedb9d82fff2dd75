// Sending responses (contract SendEmailSuccessResponse, cancel 200). Messages are the contract's texts.

export interface AcceptOutcome {
  requestId: string;
  accepted: number;
  rejected: number;
}

export const sendingText = {
  queued: 'Email queued for delivery.',
  scheduled: 'Email scheduled for delivery.',
  cancelled: 'Scheduled transmission cancelled successfully.',
  cancelFailed: (id: string) => `Failed to cancel scheduled transmission ${id}.`,
  scheduledNotFound: 'Scheduled transmission not found.',
  scheduledRetrieved: 'Scheduled transmission retrieved successfully.',
  invalidDomain: 'The sender domain could not be determined from the email address.',
  // The contract's sentence, then the domain and the next step (issue 18: the bare sentence left users guessing).
  unconfiguredDomain: (domain: string, reason: 'missing' | 'not_ready') => reason === 'missing'
    ? `The sender domain ${domain} is not configured or approved for sending. Add it first: POST /api/domains {"domain":"${domain}"} or \`lettr domain add ${domain}\`.`
    : `The sender domain ${domain} is not configured or approved for sending. Publish its DNS records (GET /api/domains/${domain}), then verify it: POST /api/domains/${domain}/verify.`,
} as const;

export function presentAccepted(outcome: AcceptOutcome, scheduled: boolean) {
  return {
    message: scheduled ? sendingText.scheduled : sendingText.queued,
    data: { request_id: outcome.requestId, accepted: outcome.accepted, rejected: outcome.rejected },
  };
}

export function presentCancelled() {
  return { message: sendingText.cancelled };
}
