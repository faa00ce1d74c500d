import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { withoutSuggestions } from './suggestions.js';

describe('withoutSuggestions', () => {
  it('removes the hint that names real fields, and keeps the rest of the message', () => {
    const schema = buildSchema('type Query { contacts: Int secretAdminReport: Int }');
    const errors = validate(schema, parse('{ secretAdminRepor }'));
    expect(errors[0]?.message).toMatch(/Did you mean "secretAdminReport"\?/);
    const [stripped] = withoutSuggestions(errors);
    expect(stripped?.message).toBe('Cannot query field "secretAdminRepor" on type "Query".');
    expect(stripped?.locations).toEqual(errors[0]?.locations);
  });

  it('leaves errors without a hint as they are', () => {
    const schema = buildSchema('type Query { a: Int }');
    const errors = validate(schema, parse('{ zzz }'));
    expect(withoutSuggestions(errors)[0]).toBe(errors[0]);
  });
});
