import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

const CREATE_DEAL = 'mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }';
const CREATE_CONTACT = 'mutation($input: CreateContactInput!) { createContact(input: $input) { id } }';

describe('bad input through the gateway', () => {
  let t: TestApp;
  let pipelineId: string;
  let stageIds: string[];
  let dealCount: () => Promise<number>;
  let contactCount: () => Promise<number>;

  beforeAll(async () => {
    t = await startTestApp();
    const pipelines = await t.gql(t.key('acme'), '{ pipelines { id stages { id } } }');
    pipelineId = pipelines.data.pipelines[0].id;
    stageIds = pipelines.data.pipelines[0].stages.map((s: { id: string }) => s.id);
    dealCount = async () => (await t.gql(t.key('acme'), '{ deals(first: 1) { totalCount } }')).data.deals.totalCount;
    contactCount = async () => (await t.gql(t.key('acme'), '{ contacts(first: 1) { totalCount } }')).data.contacts.totalCount;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Runs a mutation that must fail with BAD_USER_INPUT on `field`, and checks nothing was written. */
  async function expectRejected(query: string, variables: Record<string, unknown>, field: string, reason: RegExp) {
    const [deals, contacts] = [await dealCount(), await contactCount()];
    const result = await t.gql(t.key('acme'), query, variables);
    expect(result.data ?? null).toBeNull();
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.extensions?.field).toBe(field);
    expect(error?.extensions?.reason).toMatch(reason);
    expect(error?.message).toContain(field);
    expect([await dealCount(), await contactCount()]).toEqual([deals, contacts]);
  }

  it('refuses an invalid email, naming the field', async () => {
    await expectRejected(CREATE_CONTACT, { input: { email: 'not-an-email' } }, 'input.email', /valid email/);
  });

  it('refuses probability 150', async () => {
    await expectRejected(CREATE_DEAL, { input: { title: 'Too sure', pipelineId, stageId: stageIds[0], probability: 150 } }, 'input.probability', /0 to 100/);
  });

  it('refuses a negative amount', async () => {
    await expectRejected(CREATE_DEAL, { input: { title: 'Refund?', pipelineId, stageId: stageIds[0], amount: { amount: '-5.00', currency: 'EUR' } } }, 'input.amount.amount', /negative/);
  });

  it('refuses a stage outside the pipeline', async () => {
    await expectRejected(CREATE_DEAL, { input: { title: 'Lost stage', pipelineId, stageId: 'no-such-stage' } }, 'input.stageId', /not a stage of pipeline/);
    const deal = (await t.gql(t.key('acme'), '{ deals(first: 1) { nodes { id stage { id } } } }')).data.deals.nodes[0];
    await expectRejected('mutation($id: ID!) { updateDealStage(id: $id, stageId: "closed-elsewhere") { id } }', { id: deal.id }, 'stageId', /not a stage of pipeline/);
    const after = (await t.gql(t.key('acme'), 'query($id: ID!) { deal(id: $id) { stage { id } } }', { id: deal.id })).data.deal;
    expect(after.stage.id).toBe(deal.stage.id);
  });

  it('refuses mixing currencies on a deal', async () => {
    const created = await t.gql(t.key('acme'), CREATE_DEAL, { input: { title: 'Euro deal', pipelineId, stageId: stageIds[0], amount: { amount: '100.00', currency: 'EUR' } } });
    const id = created.data.createDeal.id;
    await expectRejected('mutation($id: ID!, $input: UpdateDealInput!) { updateDeal(id: $id, input: $input) { id } }', { id, input: { amount: { amount: '120.00', currency: 'USD' } } }, 'input.amount.currency', /one currency/);
    const read = await t.gql(t.key('acme'), 'query($id: ID!) { deal(id: $id) { amount } }', { id });
    expect(read.data.deal.amount).toEqual({ amount: '100.00', currency: 'EUR' });
  });

  it('refuses a float amount or a bad currency code at the scalar', async () => {
    const result = await t.gql(t.key('acme'), CREATE_DEAL, { input: { title: 'Float', pipelineId, stageId: stageIds[0], amount: { amount: 12.5, currency: 'euro' } } });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/amount.*decimal string/);
    expect(result.errors?.[0]?.message).toMatch(/currency.*ISO 4217/);
  });

  it('lists every violation at once', async () => {
    const result = await t.gql(t.key('acme'), CREATE_DEAL, { input: { title: '', pipelineId, stageId: stageIds[0], probability: -1, amount: { amount: '-1', currency: 'EUR' } } });
    const fields = result.errors?.[0]?.extensions?.violations.map((v: { field: string }) => v.field);
    expect(fields).toEqual(['input.title', 'input.amount.amount', 'input.probability']);
  });

  it('gives 401 UNAUTHENTICATED for a missing or wrong API key', async () => {
    for (const key of [null, 'bzk_aaaaaaaaaaaa_wrongwrongwrongwrongwrongwrongwrongwrong', 'garbage']) {
      const result = await t.gql(key, '{ pipelines { id } }');
      expect(result.status).toBe(401);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.data ?? null).toBeNull();
      if (key) expect(JSON.stringify(result.errors)).not.toContain(key);
    }
  });

  it('refuses writes to a viewer key with FORBIDDEN', async () => {
    const { key } = await t.app.platform.apiKeys.create({ tenantId: t.tenantId('acme'), name: 'read only', roles: ['viewer'] });
    const read = await t.gql(key, '{ pipelines { id } }');
    expect(read.errors).toBeUndefined();
    const before = await contactCount();
    const write = await t.gql(key, CREATE_CONTACT, { input: { email: 'viewer@example.org' } });
    expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await contactCount()).toBe(before);
  });

  it('refuses a duplicate contact email with CONFLICT', async () => {
    const existing = (await t.gql(t.key('acme'), '{ contacts(first: 1) { nodes { email } } }')).data.contacts.nodes[0].email;
    const before = await contactCount();
    const result = await t.gql(t.key('acme'), CREATE_CONTACT, { input: { email: existing.toUpperCase() } });
    expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await contactCount()).toBe(before);
  });
});
