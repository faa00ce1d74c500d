import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { planSubscription, type SubscriptionRoute } from './subscription-plan.js';

const routes: readonly SubscriptionRoute[] = [{ field: 'agentRunUpdated', queryField: 'agentRunUpdatedEvent', eventTypes: ['agents.run.updated.v1'], payloadFilters: { runId: 'runId' } }];

describe('planSubscription payload filters', () => {
  it('turns a filter argument into a payload filter, kept out of the per-event query and part of the group key', () => {
    const document = parse('subscription($id: ID!) { agentRunUpdated(runId: $id) { kind } }');
    const one = planSubscription(document, null, { id: 'run_1' }, routes);
    const two = planSubscription(document, null, { id: 'run_2' }, routes);
    if (Array.isArray(one) || Array.isArray(two)) throw new Error('expected plans');
    expect(one.payloadFilter).toEqual({ runId: 'run_1' });
    expect(one.query).not.toContain('runId');
    expect(one.variables).toEqual({});
    expect(one.groupKey).not.toBe(two.groupKey);
  });

  it('refuses a subscription without the filter argument', () => {
    const errors = planSubscription(parse('subscription { agentRunUpdated { kind } }'), null, {}, routes);
    expect(Array.isArray(errors) ? errors.map((e) => e.message) : []).toEqual(['Subscription.agentRunUpdated needs the runId argument']);
  });
});
