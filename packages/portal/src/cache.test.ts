import { gql } from '@apollo/client';
import { buildSchema, getNamedType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import schemaText from '../../sdk/schema.graphql?raw';
import { createPortalCache, isMoney, MONEY_FIELDS } from './cache';

const DEALS = gql`
  query Deals($after: String) {
    deals(first: 2, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes { id title amount }
    }
  }
`;

const deal = (id: string, amount = '1.00') => ({ __typename: 'Deal', id, title: `Deal ${id}`, amount: { amount, currency: 'EUR' } });
const page = (ids: string[], endCursor: string) => ({
  deals: { __typename: 'DealConnection', totalCount: 3, pageInfo: { __typename: 'PageInfo', endCursor, hasNextPage: true }, nodes: ids.map((id) => deal(id)) },
});

describe('portal cache', () => {
  it('lists every Money field of the schema, so each gets the Money policy', () => {
    const schema = buildSchema(schemaText);
    const found: Record<string, string[]> = {};
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (getNamedType(field.type).name === 'Money') (found[type.name] ??= []).push(field.name);
      }
    }
    expect(found).toEqual(MONEY_FIELDS);
  });

  it('appends a later page of a connection and keeps a node seen on both pages once', () => {
    const cache = createPortalCache();
    cache.writeQuery({ query: DEALS, variables: {}, data: page(['a', 'b'], 'c2') });
    cache.writeQuery({ query: DEALS, variables: { after: 'c2' }, data: page(['b', 'c'], 'c3') });
    const merged = cache.readQuery<{ deals: { nodes: { id: string }[]; pageInfo: { endCursor: string } } }>({ query: DEALS, variables: {} });
    expect(merged?.deals.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(merged?.deals.pageInfo.endCursor).toBe('c3');
    cache.writeQuery({ query: DEALS, variables: {}, data: page(['z'], 'c9') });
    expect(cache.readQuery<{ deals: { nodes: { id: string }[] } }>({ query: DEALS, variables: {} })?.deals.nodes.map((n) => n.id)).toEqual(['z']);
  });

  it('keeps Money as the exact decimal string and refuses a float', () => {
    const cache = createPortalCache();
    cache.writeQuery({ query: DEALS, variables: {}, data: page(['a'], 'c1') });
    expect(cache.readQuery<{ deals: { nodes: { amount: unknown }[] } }>({ query: DEALS, variables: {} })?.deals.nodes[0]?.amount).toEqual({ amount: '1.00', currency: 'EUR' });
    expect(isMoney({ amount: 1.5, currency: 'EUR' })).toBe(false);
    const floaty = { deals: { ...page([], 'c1').deals, nodes: [{ ...deal('x'), amount: { amount: 1.5, currency: 'EUR' } }] } };
    expect(() => cache.writeQuery({ query: DEALS, variables: {}, data: floaty })).toThrow(/Not a Money value/);
  });
});
