import { fragmentBomb } from '../../gateway/src/limits/planning-bomb.test-support.js';

/**
 * The documents of issue 9's report, as an attacker would send them: small in bytes, expensive to plan or
 * to answer. Shared by the HTTP, WebSocket and planning-budget tests.
 */

/** ~1.3 KB: ten fragments each spreading the next four times under @include. Planned, it takes minutes. */
export const FRAGMENT_BOMB = fragmentBomb({ levels: 10, spreads: 4 });

/** The same bomb under a subscription root. */
export const SUBSCRIPTION_FRAGMENT_BOMB = fragmentBomb({ levels: 10, spreads: 4, root: 'subscription' });

/** The same nesting without directives: each fragment spreads the next one four times. */
export function plainFragmentBomb(root: 'query' | 'subscription'): string {
  const fragments = Array.from({ length: 10 }, (_, i) =>
    i < 9 ? `fragment P${i} on Contact { ...P${i + 1} ... on Contact { ...P${i + 1} } ...P${i + 1} ... on Contact { ...P${i + 1} } }` : 'fragment P9 on Contact { email }',
  );
  return `${wrap(root, '...P0')} ${fragments.join(' ')}`;
}

/** ~37 KB: 1,000 aliased copies of a list (the report's was 100 KB and answered 21.5 MB after 54 s). */
export function thousandAliases(root: 'query' | 'subscription'): string {
  return wrap(root, Array.from({ length: 1000 }, (_, i) => `a${i}: deals { title stage { name } }`).join(' '));
}

/** `selection` placed on a Contact, under a query root or under a subscription root. */
export function wrap(root: 'query' | 'subscription', selection: string): string {
  return root === 'query'
    ? `query { contacts(first: 5) { nodes { ${selection} } } }`
    : `subscription { dealStageChanged { deal { contact { ${selection} } } } }`;
}

/** One document per limit, keyed by the code it must be refused with under the default configuration. */
export function overLimit(root: 'query' | 'subscription'): Record<string, string> {
  const nested = (levels: number, leaf: string) => {
    let selection = leaf;
    for (let i = 0; i < levels; i++) selection = `deals { contact { ${selection} } }`;
    return selection;
  };
  return {
    QUERY_TOO_DEEP: wrap(root, nested(7, 'email')),
    TOO_MANY_ALIASES: wrap(root, Array.from({ length: 51 }, (_, i) => `e${i}: email`).join(' ')),
    TOO_MANY_DIRECTIVES: wrap(root, Array.from({ length: 51 }, () => 'email @include(if: true)').join(' ')),
    TOO_MANY_TOKENS: thousandAliases(root),
    // Five lists of ten: ~2 x 10^5 (x 5 under the query's page), past 50,000, at depth 14 under a subscription.
    QUERY_TOO_COSTLY: wrap(root, nested(5, 'email')),
  };
}
