// A small collector for field errors in the contract's 422 shape: dotted paths → messages, Laravel-style texts.
import { validationFailed, type FieldErrors } from './errors.js';

export class Violations {
  readonly errors: FieldErrors = {};

  add(field: string, message: string): this {
    (this.errors[field] ??= []).push(message);
    return this;
  }

  has(field?: string): boolean {
    return field ? !!this.errors[field] : Object.keys(this.errors).length > 0;
  }

  /** Throws the 422 when anything was collected. */
  throwIfAny(): void {
    if (this.has()) throw validationFailed(this.errors);
  }
}

/** Message texts shared by every capability (the contract's wording). */
export const says = {
  required: (field: string) => `The ${field} field is required.`,
  string: (field: string) => `The ${field} field must be a string.`,
  integer: (field: string) => `The ${field} field must be an integer.`,
  boolean: (field: string) => `The ${field} field must be true or false.`,
  array: (field: string) => `The ${field} field must be an array.`,
  object: (field: string) => `The ${field} field must be an object.`,
  maxChars: (field: string, max: number) => `The ${field} must not be greater than ${max} characters.`,
  maxItems: (field: string, max: number) => `The ${field} field must not have more than ${max} items.`,
  email: (field: string) => `The ${field} must be a valid email address.`,
  oneOf: (field: string, choices: readonly string[]) => `The selected ${field} is invalid. Allowed: ${choices.join(', ')}.`,
  url: (field: string) => `The ${field} must be a valid URL.`,
};

/** A JSON object (not null, not an array). Request bodies are checked with this before field rules run. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
