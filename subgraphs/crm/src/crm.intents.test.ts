import { CrmEventTypes, type CrmPort, type DomainEvent, type IntentResolver, type PendingIntent } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { FakeCrmPort } from '../test/fake-crm-port.js';
import { createCrmIntentResolvers, CrmIntents } from './crm.intents.js';

function setup() {
  const port = new FakeCrmPort();
  const resolvers = new Map(createCrmIntentResolvers({ crmPortFor: async () => port }).map((r) => [r.operation, r]));
  const settle = async (operation: string, input: Record<string, unknown>, createdAt = new Date()) => {
    const events: DomainEvent[] = [];
    const intent: PendingIntent = { id: 'int_1', tenantId: 'ten_a', operation, input: { correlationId: 'req_7', ...input }, idempotencyKey: 'bizosaas-intent-int_1', createdAt };
    const outcome = await (resolvers.get(operation) as IntentResolver).resolve(intent, (event) => events.push(event));
    return { outcome, events };
  };
  return { port, settle };
}

// After a crash between the CRM's commit and ours, each pending CRM intent is looked up at the CRM.
describe('CRM intent resolvers', () => {
  it('finds a created contact by its email and records its ContactCreated; no contact, no effect', async () => {
    const { port, settle } = setup();
    const contact = port.seedContact('ada@example.com');
    const found = await settle(CrmIntents.CreateContact, { email: 'Ada@Example.com' });
    expect(found.outcome).toBe('took_effect');
    expect(found.events).toEqual([expect.objectContaining({ type: CrmEventTypes.ContactCreated, tenantId: 'ten_a', correlationId: 'req_7', payload: { contactId: contact.id, email: 'ada@example.com' } })]);
    expect(await settle(CrmIntents.CreateContact, { email: 'nobody@example.com' })).toEqual({ outcome: 'no_effect', events: [] });
  });

  it('does not take a contact created long before the intent for its effect', async () => {
    const { port, settle } = setup();
    port.seedContact('old@example.com');
    const later = new Date(Date.now() + 60 * 60 * 1000);
    expect((await settle(CrmIntents.CreateContact, { email: 'old@example.com' }, later)).outcome).toBe('no_effect');
  });

  it('finds a created deal by its fingerprint (title, pipeline, stage, amount, contact)', async () => {
    const { port, settle } = setup();
    const contact = port.seedContact('buyer@example.com');
    port.seedDeal({ title: 'Renewal', amount: { amount: '99.00', currency: 'EUR' }, contactId: contact.id });
    const deal = port.seedDeal({ title: 'Renewal', amount: { amount: '1250.00', currency: 'EUR' }, contactId: contact.id });
    const input = { title: 'Renewal', amount: { amount: '1250.0', currency: 'EUR' }, pipelineId: 'sales', stageId: 'lead', contactId: contact.id };
    const found = await settle(CrmIntents.CreateDeal, input);
    expect(found.outcome).toBe('took_effect');
    expect(found.events[0]).toMatchObject({ type: CrmEventTypes.DealCreated, payload: { dealId: deal.id, title: 'Renewal', pipelineId: 'sales', stageId: 'lead' } });
    expect((await settle(CrmIntents.CreateDeal, { ...input, stageId: 'proposal' })).outcome).toBe('no_effect');
  });

  it('finds a created deal exactly by its reference where the CRM stores one, never by a twin\'s fingerprint', async () => {
    const { port } = setup();
    port.seedDeal({ title: 'Twin', amount: { amount: '10.00', currency: 'EUR' } });
    const referenced = port.seedDeal({ title: 'Twin', amount: { amount: '10.00', currency: 'EUR' } });
    const asked: string[] = [];
    const withReferences: CrmPort = Object.assign(port, {
      findDealByReference: async (reference: string) => {
        asked.push(reference);
        return reference === 'bizosaas-intent-int_1' ? referenced : null;
      },
    });
    const [, resolver] = createCrmIntentResolvers({ crmPortFor: async () => withReferences });
    const input = { title: 'Twin', amount: { amount: '10.00', currency: 'EUR' }, pipelineId: 'sales', stageId: 'lead', contactId: null, correlationId: null };
    const events: DomainEvent[] = [];
    const intent: PendingIntent = { id: 'int_1', tenantId: 'ten_a', operation: CrmIntents.CreateDeal, input, idempotencyKey: 'bizosaas-intent-int_1', createdAt: new Date() };
    expect(await resolver?.resolve(intent, (e) => events.push(e))).toBe('took_effect');
    expect(events[0]?.payload).toMatchObject({ dealId: referenced.id });
    expect(await resolver?.resolve({ ...intent, idempotencyKey: 'bizosaas-intent-int_2' }, () => {})).toBe('no_effect');
    expect(asked).toEqual(['bizosaas-intent-int_1', 'bizosaas-intent-int_2']);
  });

  it('takes a stage change for done when the deal is in the target stage, and for not done otherwise', async () => {
    const { port, settle } = setup();
    const moved = port.seedDeal({ stageId: 'proposal' });
    const stayed = port.seedDeal({ stageId: 'lead' });
    const change = { pipelineId: 'sales', fromStageId: 'lead', toStageId: 'proposal' };
    const done = await settle(CrmIntents.ChangeDealStage, { ...change, dealId: moved.id });
    expect(done.outcome).toBe('took_effect');
    expect(done.events[0]).toMatchObject({ type: CrmEventTypes.DealStageChanged, payload: { dealId: moved.id, fromStageId: 'lead', toStageId: 'proposal' } });
    expect(await settle(CrmIntents.ChangeDealStage, { ...change, dealId: stayed.id })).toEqual({ outcome: 'no_effect', events: [] });
  });

  it('refuses an intent whose input is not what it recorded, naming the field', async () => {
    const { settle } = setup();
    await expect(settle(CrmIntents.CreateContact, { email: 42 })).rejects.toThrow(/email/);
  });
});
