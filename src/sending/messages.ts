// Validation message texts for POST /emails and POST /emails/scheduled.
// The texts the contract and docs quote are reproduced exactly (spec sending.md §2.2, §2.6, §3; oas examples);
// the rest follow the same Laravel phrasing: "The <attribute> …", where a plain attribute has its underscores
// shown as spaces ("from_name" → "from name") and a dotted path ("to.0") is shown as written.

/** Laravel shows `from_name` as "from name" but keeps dotted paths (`to.0`, `attachments.0.data`) verbatim. */
export function attribute(path: string): string {
  return path.includes('.') ? path : path.replaceAll('_', ' ');
}

export const text = {
  // Quoted by the contract / docs: do not reword.
  fromRequired: 'The sender email address is required.',
  toRequired: 'At least one recipient email address is required.',
  scheduledAtRequired: 'The scheduled delivery time is required.',
  scheduledAtFuture: 'The scheduled delivery time must be in the future.',
  email: (path: string) => `The ${attribute(path)} must be a valid email address.`,
  maxItems: (path: string, max: number) => `The ${attribute(path)} field must not have more than ${max} items.`,
  base64: (path: string) => `The ${attribute(path)} field must be a valid base64 string.`,
  required: (path: string) => `The ${attribute(path)} field is required.`,
  maxChars: (path: string, max: number) => `The ${attribute(path)} must not be greater than ${max} characters.`,

  // Same phrasing, for rules the docs state without quoting a message.
  string: (path: string) => `The ${attribute(path)} must be a string.`,
  array: (path: string) => `The ${attribute(path)} must be an array.`,
  object: (path: string) => `The ${attribute(path)} must be an object.`,
  integer: (path: string) => `The ${attribute(path)} must be an integer.`,
  boolean: (path: string) => `The ${attribute(path)} field must be true or false.`,
  minInteger: (path: string, min: number) => `The ${attribute(path)} must be at least ${min}.`,
  noLineBreaks: (path: string) => `The ${attribute(path)} must not contain line breaks.`,
  noControls: (path: string) => `The ${attribute(path)} must not contain control characters.`,
  distinct: (path: string) => `The ${attribute(path)} field has a duplicate value.`,
  totalRecipients: (max: number) => `The to, cc and bcc fields must not have more than ${max} recipients in total.`,
  subjectRequired: 'The subject field is required when template slug is not present.',
  contentRequired: 'The html field is required when none of text / template slug are present.',
  ampNeedsHtml: 'The amp html field requires an html or template slug fallback.',
  tagFormat: 'The tag must only contain letters, numbers, dashes, and underscores.',
  metadataKeyLength: (key: string, max: number) => `The metadata key ${key} must be between 1 and ${max} characters.`,
  metadataTotal: (kb: number) => `The metadata must not be greater than ${kb} kilobytes in total.`,
  headerReserved: (name: string) => `The ${name} header is managed by the system and cannot be set.`,
  headerForbidden: (name: string) => `The ${name} header cannot be set: it would misstate the sender, the message's route or its MIME structure.`,
  headerName: (name: string) => `The header name ${name} is not a valid header field name.`,
  attachmentsTotal: (mb: number) => `The attachments must not be greater than ${mb} MB in total.`,
  mimeType: (path: string) => `The ${attribute(path)} must be a valid MIME type.`,
  bareMimeType: (path: string) => `The ${attribute(path)} must be a bare MIME type such as application/pdf, without parameters.`,
  depth: (path: string, max: number) => `The ${attribute(path)} must not be nested more than ${max} levels deep.`,
  scheduledAtDate: 'The scheduled delivery time must be a valid date.',
  scheduledAtMinimum: (minutes: number) => `The scheduled delivery time must be at least ${minutes} minutes in the future.`,
  scheduledAtMaximum: (days: number) => `The scheduled delivery time must be within ${days} days.`,
} as const;
