import { describe, expect, it } from 'vitest';
import { emailSearch } from '../../test/emulators/shopify/shopify-emulator.resolvers.js';
import { EMAILS_PER_SEARCH, ordersByEmailsQuery } from './shopify.search.js';

describe('ordersByEmailsQuery', () => {
  it('ORs quoted email terms, escaping quotes and backslashes so an email cannot add a term', () => {
    const [query] = ordersByEmailsQuery(['a@x.example', 'o"r email:*@x', 'b\\c@x']);
    expect(query).toBe('email:"a@x.example" OR email:"o\\"r email:*@x" OR email:"b\\\\c@x"');
    // Read back by the emulator's parser, the three terms are exactly the three emails.
    expect([...emailSearch(query ?? '')]).toEqual(['a@x.example', 'o"r email:*@x', 'b\\c@x']);
  });

  it(`splits more than ${EMAILS_PER_SEARCH} emails over several queries`, () => {
    const emails = Array.from({ length: EMAILS_PER_SEARCH * 2 + 1 }, (_, i) => `e${i}@x.example`);
    const queries = ordersByEmailsQuery(emails);
    expect(queries).toHaveLength(3);
    expect(queries.flatMap((q) => q.split(' OR '))).toHaveLength(emails.length);
  });
});
