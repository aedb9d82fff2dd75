// The pure validator of POST /emails and POST /emails/scheduled: JSON body in, a normalized SendRequest or the
// contract's 422 errors map out. No I/O: sender-domain, template and suppression checks come after, in the command.
import { isPlainObject, ErrorBag, type FieldErrors, type SendRequest } from './request.js';
import { readScheduledAt } from './schedule.js';
import { readAttachments } from './validate-attachments.js';
import { readContent } from './validate-content.js';
import { readHeaders, readMetadata, readOptions, readSubstitutionData } from './validate-extras.js';
import { readRecipients, readSender } from './validate-recipients.js';

export type ValidationResult = { ok: true; request: SendRequest } | { ok: false; errors: FieldErrors };

export interface ValidationContext {
  /** Epoch ms; the scheduling window is measured from it. */
  now: number;
  /** POST /emails/scheduled: `scheduled_at` is required and windowed. */
  scheduled: boolean;
}

export function validateSendRequest(input: unknown, context: ValidationContext): ValidationResult {
  // A body that is not a JSON object has no fields: every "required" rule reports, like an empty object.
  const body = isPlainObject(input) ? input : {};
  const bag = new ErrorBag();
  // Field order follows the contract's schema so the errors map reads in the same order as the docs.
  const sender = readSender(body, bag);
  const content = readContent(body, bag);
  const recipients = readRecipients(body, bag);
  const metadata = readMetadata(body.metadata, bag);
  const headers = readHeaders(body.headers, bag);
  const substitutionData = readSubstitutionData(body.substitution_data, bag);
  const options = readOptions(body.options, bag);
  const attachments = readAttachments(body.attachments, bag);
  const scheduledAt = context.scheduled ? readScheduledAt(body.scheduled_at, context.now, bag) : null;

  if (!bag.empty || sender.from === null) return { ok: false, errors: bag.errors };
  return {
    ok: true,
    request: {
      ...sender,
      from: sender.from,
      ...recipients,
      ...content,
      metadata,
      headers,
      substitutionData,
      options,
      attachments,
      scheduledAt,
    },
  };
}
