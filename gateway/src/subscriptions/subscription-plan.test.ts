import { buildSchema, execute, GraphQLError, Kind, parse, print, validate, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compareCursors, planSubscription, type SubscriptionPlan, type SubscriptionRoute } from './subscription-plan.js';

// The client-facing Subscription fields and the Query fields the gateway runs per event, shaped like the
// platform subgraph's (supergraph.graphql), small enough to read.
const schema = buildSchema(`
  type Query {
    dealStageChangedEvent(cursor: String!): DealStageChangedEvent
    event(cursor: String!): DomainEvent
  }
  type Subscription {
    dealStageChanged(after: String): DealStageChangedEvent!
    events(types: [String!], after: String): DomainEvent!
    contactCreated(after: String): DomainEvent!
  }
  type DealStageChangedEvent { cursor: String! id: ID! toStageId: ID! deal(withContact: Boolean): Deal! }
  type Deal { id: ID! title: String! contact: Contact }
  type Contact { email: String! }
  type DomainEvent { cursor: String! id: ID! type: String! payload(pretty: Boolean): String }
`);

const STAGE_CHANGED = 'crm.deal.stage_changed.v1';
const routes: readonly SubscriptionRoute[] = [
  { field: 'events', queryField: 'event', eventTypes: null },
  { field: 'dealStageChanged', queryField: 'dealStageChangedEvent', eventTypes: [STAGE_CHANGED] },
];

/** Plans a client document that must itself be valid against the schema, and expects a plan. */
function plan(source: string, variables: Record<string, unknown> = {}, operationName?: string): SubscriptionPlan {
  const document = parse(source);
  expect(validate(schema, document)).toEqual([]);
  const result = planSubscription(document, operationName, variables, routes);
  if (Array.isArray(result)) throw new Error(`expected a plan, got ${result.map((e) => e.message).join('; ')}`);
  return result;
}

function planErrors(source: string, operationName?: string): readonly GraphQLError[] {
  const result = planSubscription(parse(source), operationName, {}, routes);
  if (!Array.isArray(result)) throw new Error(`expected errors, got a plan for ${result.query}`);
  return result;
}

/** The derived document, checked to be a valid query against the schema. */
function derived(p: SubscriptionPlan) {
  const document = parse(p.query);
  expect(validate(schema, document).map((e) => e.message)).toEqual([]);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  expect(operations).toHaveLength(1);
  const operation = operations[0] as OperationDefinitionNode;
  expect(operation.selectionSet.selections).toHaveLength(1);
  const field = operation.selectionSet.selections[0] as FieldNode;
  return {
    operation,
    field,
    variableDefinitions: (operation.variableDefinitions ?? []).map((d) => `$${d.variable.name.value}: ${print(d.type)}`),
    fragments: document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [d.name.value] : [])),
  };
}

describe('planSubscription: the derived query', () => {
  it('turns the subscription into a query of the route\'s queryField with cursor: $__cursor, keeping the alias as response key', () => {
    const p = plan('subscription Moves { moved: dealStageChanged { cursor toStageId } }');
    expect(p.responseKey).toBe('moved');
    const { operation, field, variableDefinitions } = derived(p);
    expect(operation.operation).toBe('query');
    expect(operation.name?.value).toBe('MovesEvent');
    expect(field.alias?.value).toBe('moved');
    expect(field.name.value).toBe('dealStageChangedEvent');
    expect(field.arguments?.map(print)).toEqual(['cursor: $__cursor']);
    expect(variableDefinitions).toEqual(['$__cursor: String!']);
  });

  it('uses the field name as response key when there is no alias', () => {
    const p = plan('subscription { dealStageChanged { id } }');
    expect(p.responseKey).toBe('dealStageChanged');
    const { field, operation } = derived(p);
    expect(field.alias?.value).toBe('dealStageChanged');
    expect(operation.name?.value).toBe('SubscriptionEvent');
  });

  it('answers under the response key when run (the client sees the key it asked for)', async () => {
    const p = plan('subscription { live: events(types: ["a"]) { cursor type } }');
    const result = await execute({
      schema,
      document: parse(p.query),
      variableValues: { ...p.variables, __cursor: '1700000000000-4' },
      rootValue: { event: ({ cursor }: { cursor: string }) => ({ cursor, id: 'e1', type: 'a' }) },
    });
    expect(result).toEqual({ data: { live: { cursor: '1700000000000-4', type: 'a' } } });
  });

  it('keeps the fragments the selection uses, also those spread from other fragments, and their variables', () => {
    const p = plan(
      `subscription Moves($after: String, $withContact: Boolean) {
        dealStageChanged(after: $after) { ...Move }
      }
      fragment Move on DealStageChangedEvent { id deal(withContact: $withContact) { ...DealBits } }
      fragment DealBits on Deal { title contact { email } }`,
      { after: '1700000000000-0', withContact: true },
    );
    const { fragments, variableDefinitions } = derived(p);
    expect(fragments.sort()).toEqual(['DealBits', 'Move']);
    expect(variableDefinitions).toEqual(['$withContact: Boolean', '$__cursor: String!']);
    expect(p.variables).toEqual({ withContact: true });
  });

  it('drops variables only `after` and `types` use, from the definitions and from the variables', () => {
    const p = plan('subscription($after: String, $types: [String!], $pretty: Boolean) { events(after: $after, types: $types) { id payload(pretty: $pretty) } }', {
      after: '1700000000000-2',
      types: ['x'],
      pretty: false,
    });
    expect(derived(p).variableDefinitions).toEqual(['$pretty: Boolean', '$__cursor: String!']);
    expect(p.variables).toEqual({ pretty: false });
  });

  it('keeps a variable only a directive in the selection uses', () => {
    const p = plan('subscription($full: Boolean!) { dealStageChanged { id deal @include(if: $full) { title } } }', { full: true });
    expect(derived(p).variableDefinitions).toEqual(['$full: Boolean!', '$__cursor: String!']);
    expect(p.variables).toEqual({ full: true });
  });

  // Fragments only another operation of the document uses must not reach the derived query (it would not validate).
  it('drops fragments only another operation of the document uses', () => {
    const p = plan(
      `query Other { event(cursor: "1") { ...OtherBits } }
      subscription Live { dealStageChanged { ...Move } }
      fragment Move on DealStageChangedEvent { id }
      fragment OtherBits on DomainEvent { type }`,
      {},
      'Live',
    );
    expect(derived(p).fragments).toEqual(['Move']);
  });
});

describe('planSubscription: after and types', () => {
  it('reads `after` from a literal, from a variable, and is null without one', () => {
    expect(plan('subscription { dealStageChanged(after: "1700000000000-7") { id } }').after).toBe('1700000000000-7');
    expect(plan('subscription($a: String) { dealStageChanged(after: $a) { id } }', { a: '1700000000000-8' }).after).toBe('1700000000000-8');
    expect(plan('subscription($a: String) { dealStageChanged(after: $a) { id } }', {}).after).toBeNull();
    expect(plan('subscription { dealStageChanged(after: null) { id } }').after).toBeNull();
    expect(plan('subscription { dealStageChanged { id } }').after).toBeNull();
  });

  // A variable's declared default applies to after/types when the client sends no value, as in execution.
  it('reads `after` from a variable\'s default value when the variable is not sent', () => {
    expect(plan('subscription($a: String = "1700000000000-3") { dealStageChanged(after: $a) { id } }', {}).after).toBe('1700000000000-3');
  });

  it('takes eventTypes from the route, ignoring any types argument', () => {
    expect(plan('subscription { dealStageChanged { id } }').eventTypes).toEqual([STAGE_CHANGED]);
  });

  it('takes eventTypes of the generic route from `types`, as a literal, a variable or variables in a list', () => {
    expect(plan('subscription { events(types: ["a", "b"]) { id } }').eventTypes).toEqual(['a', 'b']);
    expect(plan('subscription($t: [String!]) { events(types: $t) { id } }', { t: ['c'] }).eventTypes).toEqual(['c']);
    expect(plan('subscription($one: String!) { events(types: [$one, "b"]) { id } }', { one: 'a' }).eventTypes).toEqual(['a', 'b']);
  });

  it('delivers every type (eventTypes null) for the generic route without types, or with an empty list', () => {
    expect(plan('subscription { events { id } }').eventTypes).toBeNull();
    expect(plan('subscription { events(types: []) { id } }').eventTypes).toBeNull();
    expect(plan('subscription($t: [String!]) { events(types: $t) { id } }', {}).eventTypes).toBeNull();
  });
});

describe('planSubscription: groupKey', () => {
  it('is the same for the same selection resuming from different cursors', () => {
    const literalA = plan('subscription { dealStageChanged(after: "1700000000000-1") { id toStageId } }');
    const literalB = plan('subscription { dealStageChanged(after: "1700000000000-9") { id toStageId } }');
    const none = plan('subscription { dealStageChanged { id toStageId } }');
    const variable = plan('subscription($after: String) { dealStageChanged(after: $after) { id toStageId } }', { after: '1700000000000-5' });
    const variableAbsent = plan('subscription($after: String) { dealStageChanged(after: $after) { id toStageId } }');
    expect(new Set([literalA.after, literalB.after, none.after])).toEqual(new Set(['1700000000000-1', '1700000000000-9', null]));
    expect(literalB.groupKey).toBe(literalA.groupKey);
    expect(none.groupKey).toBe(literalA.groupKey);
    expect(variableAbsent.groupKey).toBe(variable.groupKey);
  });

  it('differs for different selections, aliases, variable values and types', () => {
    const keys = [
      plan('subscription { dealStageChanged { id } }'),
      plan('subscription { dealStageChanged { id toStageId } }'),
      plan('subscription { moved: dealStageChanged { id } }'),
      plan('subscription($c: Boolean) { dealStageChanged { deal(withContact: $c) { id } } }', { c: true }),
      plan('subscription($c: Boolean) { dealStageChanged { deal(withContact: $c) { id } } }', { c: false }),
      plan('subscription { events(types: ["a"]) { id } }'),
      plan('subscription { events(types: ["b"]) { id } }'),
      plan('subscription { events { id } }'),
    ].map((p) => p.groupKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('planSubscription: what it refuses', () => {
  it('refuses a query or a mutation', () => {
    expect(planErrors('query { event(cursor: "1") { id } }')[0]?.message).toMatch(/Only subscriptions/);
  });

  it('refuses two root fields', () => {
    expect(planErrors('subscription { dealStageChanged { id } events { id } }')[0]?.message).toMatch(/exactly one field/);
  });

  it('refuses a fragment spread or an inline fragment at the root', () => {
    expect(planErrors('subscription { ...Root } fragment Root on Subscription { dealStageChanged { id } }')[0]?.message).toMatch(/no fragments at the root/);
    expect(planErrors('subscription { ... on Subscription { dealStageChanged { id } } }')[0]?.message).toMatch(/no fragments at the root/);
  });

  it('refuses a Subscription field with no route', () => {
    const source = 'subscription { contactCreated { id } }';
    expect(validate(schema, parse(source))).toEqual([]);
    expect(planErrors(source)[0]?.message).toBe('Subscription.contactCreated is not served');
  });

  it('refuses an unknown operationName, and several operations without one', () => {
    const source = 'subscription A { dealStageChanged { id } } subscription B { events { id } }';
    expect(planErrors(source, 'C')[0]?.message).toBe('Unknown operation "C"');
    expect(planErrors(source)[0]?.message).toMatch(/name the one to run/);
    expect(plan(source, {}, 'B').responseKey).toBe('events');
  });
});

describe('compareCursors', () => {
  const sign = (a: string, b: string) => Math.sign(compareCursors(a, b));

  it('orders Redis stream ids by milliseconds, then sequence', () => {
    expect(sign('1700000000000-0', '1700000000000-1')).toBe(-1);
    expect(sign('1700000000000-1', '1700000000001-0')).toBe(-1);
    expect(sign('1700000000001-0', '1700000000000-1')).toBe(1);
    expect(sign('1700000000000-9', '1700000000000-10')).toBe(-1);
    expect(sign('1700000000000-3', '1700000000000-3')).toBe(0);
    const shuffled = ['1700000000001-0', '1700000000000-10', '1700000000000-0', '1700000000000-2', '999999999999-99'];
    expect([...shuffled].sort(compareCursors)).toEqual(['999999999999-99', '1700000000000-0', '1700000000000-2', '1700000000000-10', '1700000000001-0']);
  });

  it('orders zero-padded sequences numerically', () => {
    expect(sign('0000000009', '0000000010')).toBe(-1);
    expect(sign('0000000100', '0000000099')).toBe(1);
    expect(sign('0000000042', '0000000042')).toBe(0);
  });

  it('keeps numbers beyond 2^53 apart (no float rounding)', () => {
    // 2^53 + 1 rounds to 2^53 as a Number.
    expect(sign('9007199254740992-0', '9007199254740993-0')).toBe(-1);
    expect(sign('1700000000000-9007199254740993', '1700000000000-9007199254740992')).toBe(1);
    expect(sign('18446744073709551615-18446744073709551615', '18446744073709551615-18446744073709551614')).toBe(1);
  });
});
