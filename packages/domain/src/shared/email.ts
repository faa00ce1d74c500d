import { ValidationError } from './errors.js';

// Pragmatic check (one @, a dot in the domain, no spaces); RFC 5322 in full accepts things no CRM does.
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

/** Returns the email trimmed and with a lower-cased domain, or throws ValidationError naming `field`. */
export function parseEmail(value: string, field = 'email'): string {
  const trimmed = value.trim();
  if (trimmed.length > 254 || !EMAIL.test(trimmed)) {
    throw new ValidationError([{ field, reason: 'must be a valid email address such as "ada@example.com"' }]);
  }
  const at = trimmed.lastIndexOf('@');
  return `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
}
