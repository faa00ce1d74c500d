import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { controlCharacterError, findControlCharacter } from './control-characters.js';

const MUTATION = parse('mutation($input: ContactInput!) { createContact(input: $input) { id } }');

describe('findControlCharacter', () => {
  it('names the variable path holding a NUL byte', () => {
    expect(findControlCharacter(MUTATION, { input: { email: 'a@b.example', firstName: 'Ad\u0000a' } })).toEqual({ field: 'input.firstName', codePoint: 'U+0000' });
  });

  it('walks lists in variables', () => {
    expect(findControlCharacter(MUTATION, { input: { tags: ['ok', 'bell\u0007'] } })).toEqual({ field: 'input.tags[1]', codePoint: 'U+0007' });
  });

  it('names the argument path of an inline string', () => {
    const document = parse('mutation { createContact(input: { email: "x\\u001bz@b.example" }) { id } }');
    expect(findControlCharacter(document, undefined)).toEqual({ field: 'createContact.input.email', codePoint: 'U+001B' });
  });

  it('allows tabs, new lines and carriage returns, which multi-line text needs', () => {
    expect(findControlCharacter(MUTATION, { input: { notes: 'line 1\r\n\tline 2' } })).toBeUndefined();
    expect(findControlCharacter(parse('{ contacts(filter: { search: "a\\nb" }) { totalCount } }'), {})).toBeUndefined();
  });

  it('builds a BAD_USER_INPUT error that never echoes the value', () => {
    const error = controlCharacterError({ field: 'input.firstName', codePoint: 'U+0000' });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.firstName' });
    expect(error.message).toBe('input.firstName must not contain control characters (found U+0000).');
  });
});
