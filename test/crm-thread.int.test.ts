import { CrmEventTypes, type DomainEvent } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Engine, type TestApp } from './support/test-app.js';

const DEAL_FIELDS = 'id title amount probability stage { id } pipeline { id } contact { id email } company { id name }';

// The foundation's end-to-end thread, through the gateway over HTTP, on both database engines.
describe.each<Engine>(['embedded', 'postgres'])('CRM thread through the gateway (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ engine });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows each tenant only its own contacts and deals', async () => {
    const query = '{ contacts(first: 100) { totalCount nodes { id email source { provider connectionId } } } deals(first: 100) { nodes { id } } }';
    const a = await t.gql(t.key('acme'), query);
    const b = await t.gql(t.key('globex'), query);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    const aEmails = a.data.contacts.nodes.map((c: { email: string }) => c.email);
    const bEmails = b.data.contacts.nodes.map((c: { email: string }) => c.email);
    expect(aEmails.length).toBeGreaterThan(10);
    expect(bEmails.length).toBeGreaterThan(10);
    expect(aEmails.filter((email: string) => bEmails.includes(email))).toEqual([]);
    const aConnections = new Set(a.data.contacts.nodes.map((c: { source: { connectionId: string } }) => c.source.connectionId));
    const bConnections = new Set(b.data.contacts.nodes.map((c: { source: { connectionId: string } }) => c.source.connectionId));
    expect(aConnections.size).toBe(1);
    expect(bConnections.size).toBe(1);
    expect([...aConnections][0]).not.toBe([...bConnections][0]);
    const bDealIds = new Set(b.data.deals.nodes.map((d: { id: string }) => d.id));
    expect(a.data.deals.nodes.some((d: { id: string }) => bDealIds.has(d.id))).toBe(false);
  });

  it("answers NOT_FOUND for tenant A's deal asked with tenant B's key", async () => {
    const a = await t.gql(t.key('acme'), '{ deals(first: 1) { nodes { id title } } }');
    const dealId = a.data.deals.nodes[0].id;
    const own = await t.gql(t.key('acme'), 'query($id: ID!) { deal(id: $id) { id title } }', { id: dealId });
    expect(own.data.deal.title).toBe(a.data.deals.nodes[0].title);
    const foreign = await t.gql(t.key('globex'), 'query($id: ID!) { deal(id: $id) { id title } }', { id: dealId });
    expect(foreign.data?.deal).toBeNull();
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const update = await t.gql(t.key('globex'), 'mutation($id: ID!) { updateDealStage(id: $id, stageId: "won") { id } }', { id: dealId });
    expect(update.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const unknown = await t.gql(t.key('acme'), '{ contact(id: "not-an-id") { id } }');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('round-trips createDeal and updateDealStage and publishes both events on the bus', async () => {
    const events: DomainEvent[] = [];
    const subscription = await t.app.platform.events.subscribe(async (event) => {
      events.push(event);
    }, { tenantId: t.tenantId('acme') });
    try {
      const pipelines = await t.gql(t.key('acme'), '{ pipelines { id stages { id probability } } contacts(first: 1) { nodes { id } } }');
      const pipeline = pipelines.data.pipelines[0];
      const [first, second] = pipeline.stages;
      const contactId = pipelines.data.contacts.nodes[0].id;
      const created = await t.gql(t.key('acme'), `mutation($input: CreateDealInput!) { createDeal(input: $input) { ${DEAL_FIELDS} } }`, {
        input: { title: 'Round trip', amount: { amount: '1234.50', currency: 'EUR' }, pipelineId: pipeline.id, stageId: first.id, contactId },
      });
      expect(created.errors).toBeUndefined();
      const deal = created.data.createDeal;
      expect(deal).toMatchObject({ title: 'Round trip', amount: { amount: '1234.50', currency: 'EUR' }, probability: first.probability, stage: { id: first.id }, contact: { id: contactId } });

      const moved = await t.gql(t.key('acme'), `mutation($id: ID!, $stage: ID!) { updateDealStage(id: $id, stageId: $stage) { ${DEAL_FIELDS} } }`, { id: deal.id, stage: second.id });
      expect(moved.errors).toBeUndefined();
      expect(moved.data.updateDealStage).toMatchObject({ id: deal.id, stage: { id: second.id }, probability: second.probability });

      const read = await t.gql(t.key('acme'), `query($id: ID!) { deal(id: $id) { ${DEAL_FIELDS} } }`, { id: deal.id });
      expect(read.data.deal).toEqual(moved.data.updateDealStage);

      await expect.poll(() => events.filter((e) => e.payload && (e.payload as { dealId?: string }).dealId === deal.id).map((e) => e.type)).toEqual([
        CrmEventTypes.DealCreated,
        CrmEventTypes.DealStageChanged,
      ]);
      const changed = events.find((e) => e.type === CrmEventTypes.DealStageChanged);
      expect(changed).toMatchObject({ tenantId: t.tenantId('acme'), source: 'crm', payload: { dealId: deal.id, fromStageId: first.id, toStageId: second.id } });
      expect(changed?.correlationId).toBeTruthy();
    } finally {
      await subscription.unsubscribe();
    }
  });

  it('publishes ContactCreated for createContact', async () => {
    const events: DomainEvent[] = [];
    const subscription = await t.app.platform.events.subscribe(async (event) => {
      events.push(event);
    }, { types: [CrmEventTypes.ContactCreated] });
    try {
      const email = `new.person.${engine}@example.org`;
      const created = await t.gql(t.key('globex'), 'mutation($input: CreateContactInput!) { createContact(input: $input) { id email fullName } }', {
        input: { email, firstName: 'New', lastName: 'Person' },
      });
      expect(created.data.createContact).toMatchObject({ email, fullName: 'New Person' });
      await expect.poll(() => events.map((e) => e.payload)).toEqual([{ contactId: created.data.createContact.id, email }]);
      expect(events[0]?.tenantId).toBe(t.tenantId('globex'));
    } finally {
      await subscription.unsubscribe();
    }
  });

  it('reads 50 deals with contacts and companies in one batched read per entity type', async () => {
    const tenantId = t.tenantId('acme');
    t.app.platform.metrics.reset();
    const result = await t.gql(t.key('acme'), '{ deals(first: 50) { nodes { id contact { email } company { name } } } }');
    expect(result.errors).toBeUndefined();
    const deals = result.data.deals.nodes;
    expect(deals).toHaveLength(50);
    expect(deals.filter((d: { contact: unknown }) => d.contact).length).toBeGreaterThan(10);
    expect(deals.filter((d: { company: unknown }) => d.company).length).toBeGreaterThan(10);
    expect(t.app.platform.metrics.calls({ tenantId, port: 'crm', method: 'listDeals' })).toBe(1);
    expect(t.app.platform.metrics.calls({ tenantId, port: 'crm', method: 'getContacts' })).toBe(1);
    expect(t.app.platform.metrics.calls({ tenantId, port: 'crm', method: 'getCompanies' })).toBe(1);
  });
});
