// Request rules for the /domains operations (contract StoreDomainRequest and the {domain} path parameter).
import { says, Violations, isPlainObject } from '../http/validation.js';
import { INVALID_DOMAIN_MESSAGE, isValidDomainName, normaliseDomain } from './names.js';

const DOMAIN_MAX = 255;

/** The body of POST /domains → the normalised domain name, or a 422 with the contract's messages. */
export function domainFromBody(body: unknown): string {
  const violations = new Violations();
  const value = isPlainObject(body) ? body.domain : undefined;
  if (value === undefined || value === null || value === '') violations.add('domain', says.required('domain'));
  else if (typeof value !== 'string') violations.add('domain', says.string('domain'));
  else if (value.length > DOMAIN_MAX) violations.add('domain', says.maxChars('domain', DOMAIN_MAX));
  else if (!isValidDomainName(value)) violations.add('domain', INVALID_DOMAIN_MESSAGE);
  violations.throwIfAny();
  return normaliseDomain(value as string);
}

/** A {domain} path parameter: the normalised name, or null when it cannot be a domain name at all. */
export function domainFromPath(param: unknown): string | null {
  return isValidDomainName(param) ? normaliseDomain(param) : null;
}

/** DELETE and verify answer a malformed {domain} with the contract's 422 (GET answers 404). */
export function requireDomainPath(param: unknown): string {
  const domain = domainFromPath(param);
  if (domain === null) new Violations().add('domain', INVALID_DOMAIN_MESSAGE).throwIfAny();
  return domain as string;
}
