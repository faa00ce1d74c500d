import { describe, expect, it } from 'vitest';
import { parseEmail } from './email.js';
import { ValidationError } from './errors.js';

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).violations.map((v) => v.field);
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}

describe('parseEmail', () => {
  it('trims surrounding whitespace', () => {
    expect(parseEmail('  ada@example.com\n')).toBe('ada@example.com');
  });

  it('lower-cases the domain only, keeping the local part as given', () => {
    expect(parseEmail('Ada.Lovelace@Example.CO.UK')).toBe('Ada.Lovelace@example.co.uk');
  });

  it('accepts plus addressing and sub-domains', () => {
    expect(parseEmail('ada+crm@mail.example.com')).toBe('ada+crm@mail.example.com');
  });

  it.each([
    ['no @', 'ada.example.com'],
    ['two @', 'ada@lovelace@example.com'],
    ['a space in the local part', 'ada lovelace@example.com'],
    ['a space in the domain', 'ada@exam ple.com'],
    ['no dot in the domain', 'ada@localhost'],
    ['an empty local part', '@example.com'],
    ['an empty domain label', 'ada@example..com'],
    ['a trailing dot', 'ada@example.com.'],
    ['the empty string', ''],
    ['only spaces', '   '],
    ['a local part over 64 characters', `${'a'.repeat(65)}@example.com`],
  ])('rejects %s', (_label, value) => {
    expect(fieldsOf(() => parseEmail(value))).toEqual(['email']);
  });

  it('rejects addresses over 254 characters and accepts 254', () => {
    const domainOf = (length: number) => `${'d'.repeat(length - 4)}.com`;
    const exactly254 = `${'a'.repeat(64)}@${domainOf(254 - 65)}`;
    expect(exactly254).toHaveLength(254);
    expect(parseEmail(exactly254)).toBe(exactly254);
    const over = `${'a'.repeat(64)}@${domainOf(255 - 65)}`;
    expect(over).toHaveLength(255);
    expect(fieldsOf(() => parseEmail(over))).toEqual(['email']);
  });

  it('names the given field in the violation', () => {
    expect(fieldsOf(() => parseEmail('nope', 'input.email'))).toEqual(['input.email']);
  });
});
