import { CrmEventTypes, DomainError, ValidationError, type DomainEvent, type ExternalIntent, type NewDeal, type OutboxPort, type RecordEvent, type UnitContext } from '@bizosaas/domain';
import type { ContextClaims } from '@bizosaas/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { FakeCrmPort } from '../test/fake-crm-port.js';
import { createCrmLoaders } from './crm.loaders.js';
import { CrmService } from './crm.service.js';

/** Keeps the events of committed units only: a change that throws leaves none, as the SQL outbox does. */
class RecordingOutbox implements OutboxPort {
  readonly published: DomainEvent[] = [];
  readonly intents: ExternalIntent[] = [];
  async commit<T>(change: (record: RecordEvent, unit: UnitContext) => Promise<T>, options: { intent?: ExternalIntent } = {}): Promise<T> {
    const pending: DomainEvent[] = [];
    if (options.intent) this.intents.push(options.intent);
    const result = await change((event) => pending.push(event), { idempotencyKey: options.intent ? 'key-1' : undefined });
    this.published.push(...pending);
    return result;
  }
}

const editor: ContextClaims = { tenantId: 'ten_a', userId: 'key_editor', roles: ['editor'], requestId: 'req_42' };
const viewer: ContextClaims = { tenantId: 'ten_a', userId: 'key_viewer', roles: ['viewer'], requestId: 'req_43' };

function setup(identity: ContextClaims = editor) {
  const port = new FakeCrmPort();
  const events = new RecordingOutbox();
  const service = new CrmService(port, createCrmLoaders(port), events, identity);
  /** A fresh service over the same port, as the next request would get. */
  const nextRequest = () => new CrmService(port, createCrmLoaders(port), events, identity);
  return { port, events, service, nextRequest };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const validDeal: NewDeal = { title: 'Acme renewal', pipelineId: 'sales', stageId: 'proposal', amount: { amount: '1250.00', currency: 'EUR' } };

describe('CrmService.createDeal', () => {
  it('reports every invalid field at once and writes nothing', async () => {
    const { port, events, service } = setup();
    const error = await rejectionOf(
      service.createDeal({ title: '   ', pipelineId: 'sales', stageId: 'nope', probability: 150, amount: { amount: '-5.00', currency: 'EUR' } }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations.map((v) => v.field).sort()).toEqual(['input.amount.amount', 'input.probability', 'input.stageId', 'input.title'].sort());
    expect(port.totalWrites).toBe(0);
    expect(events.published).toEqual([]);
  });

  it('reports an unknown pipeline together with the other violations', async () => {
    const { port, service } = setup();
    const error = await rejectionOf(service.createDeal({ title: '', pipelineId: 'nope', stageId: 'lead', probability: 150 }));
    expect(error).toBeInstanceOf(ValidationError);
    const fields = (error as ValidationError).violations.map((v) => v.field);
    expect(fields).toEqual(expect.arrayContaining(['input.title', 'input.probability', 'input.pipelineId']));
    expect(fields).not.toContain('input.stageId');
    expect(port.totalWrites).toBe(0);
  });

  it('lists the allowed stages when the stage is not in the pipeline', async () => {
    const { port, service } = setup();
    // "proposal" exists, but only in the sales pipeline.
    const error = await rejectionOf(service.createDeal({ ...validDeal, pipelineId: 'renewals', stageId: 'proposal' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations).toEqual([{ field: 'input.stageId', reason: expect.stringContaining('stages: lead') }]);
    expect(port.totalWrites).toBe(0);
  });

  it('refuses an unknown contact before writing', async () => {
    const { port, service } = setup();
    const error = await rejectionOf(service.createDeal({ ...validDeal, contactId: port.ids.encode('Contact', '999') }));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'not_found', code: 'CRM.CONTACT_NOT_FOUND' });
    expect(port.totalWrites).toBe(0);
  });

  it('defaults the probability to the stage probability', async () => {
    const { port, service } = setup();
    const deal = await service.createDeal(validDeal);
    expect(deal.probability).toBe(60);
    expect(port.deals.get(deal.id)?.probability).toBe(60);
    const renewal = await service.createDeal({ title: 'Renewal', pipelineId: 'renewals', stageId: 'lead' });
    expect(renewal.probability).toBe(30);
  });

  it('keeps an explicit probability, including 0', async () => {
    const { service } = setup();
    expect((await service.createDeal({ ...validDeal, probability: 0 })).probability).toBe(0);
    expect((await service.createDeal({ ...validDeal, probability: 85 })).probability).toBe(85);
  });

  it('trims the title, writes once and publishes DealCreated with the request metadata', async () => {
    const { port, events, service } = setup();
    const deal = await service.createDeal({ ...validDeal, title: '  Acme renewal  ' });
    expect(deal.title).toBe('Acme renewal');
    expect(port.writes.createDeal).toBe(1);
    expect(events.published).toHaveLength(1);
    expect(events.published[0]).toMatchObject({
      type: CrmEventTypes.DealCreated,
      tenantId: 'ten_a',
      source: 'crm',
      correlationId: 'req_42',
      payload: { dealId: deal.id, title: 'Acme renewal', amount: { amount: '1250.00', currency: 'EUR' }, pipelineId: 'sales', stageId: 'proposal' },
    });
    expect(events.intents).toEqual([{ tenantId: 'ten_a', operation: 'crm.deal.create', input: { title: 'Acme renewal', amount: { amount: '1250.00', currency: 'EUR' }, pipelineId: 'sales', stageId: 'proposal', contactId: null, correlationId: 'req_42' } }]);
  });
});

describe('CrmService.updateDealStage', () => {
  it('moves the deal and publishes DealStageChanged with from and to', async () => {
    const { port, events, service } = setup();
    const seeded = port.seedDeal({ stageId: 'lead', probability: 10 });
    const updated = await service.updateDealStage(seeded.id, 'proposal', undefined);
    expect(updated.stageId).toBe('proposal');
    expect(updated.probability).toBe(60);
    expect(port.deals.get(seeded.id)?.stageId).toBe('proposal');
    expect(events.published).toHaveLength(1);
    expect(events.published[0]).toMatchObject({
      type: CrmEventTypes.DealStageChanged,
      tenantId: 'ten_a',
      source: 'crm',
      correlationId: 'req_42',
      payload: { dealId: seeded.id, pipelineId: 'sales', fromStageId: 'lead', toStageId: 'proposal' },
    });
    expect(events.intents.map((i) => [i.operation, i.input])).toEqual([['crm.deal.change_stage', { dealId: seeded.id, pipelineId: 'sales', fromStageId: 'lead', toStageId: 'proposal', correlationId: 'req_42' }]]);
  });

  it('keeps an explicit probability when moving', async () => {
    const { port, service } = setup();
    const seeded = port.seedDeal({ stageId: 'lead', probability: 10 });
    expect((await service.updateDealStage(seeded.id, 'proposal', 45)).probability).toBe(45);
  });

  it('writes nothing and publishes nothing when the stage is unchanged', async () => {
    const { port, events, service } = setup();
    const seeded = port.seedDeal({ stageId: 'lead', probability: 10 });
    const result = await service.updateDealStage(seeded.id, 'lead', undefined);
    expect(result.stageId).toBe('lead');
    expect(port.writes.updateDeal).toBe(0);
    expect(events.published).toEqual([]);
  });

  it('updates the probability in the same stage without publishing a stage change', async () => {
    const { port, events, service } = setup();
    const seeded = port.seedDeal({ stageId: 'lead', probability: 10 });
    const result = await service.updateDealStage(seeded.id, 'lead', 20);
    expect(result.probability).toBe(20);
    expect(port.writes.updateDeal).toBe(1);
    expect(events.published).toEqual([]);
    expect(events.intents).toEqual([]);
  });

  it('refuses a stage of another pipeline and a bad probability together', async () => {
    const { port, service } = setup();
    const seeded = port.seedDeal({ pipelineId: 'renewals', stageId: 'lead' });
    const error = await rejectionOf(service.updateDealStage(seeded.id, 'won', 101));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations.map((v) => v.field)).toEqual(['stageId', 'probability']);
    expect(port.writes.updateDeal).toBe(0);
  });

  it('raises NOT_FOUND for an unknown deal', async () => {
    const { service } = setup();
    const error = await rejectionOf(service.updateDealStage(new FakeCrmPort().ids.encode('Deal', '404'), 'won', undefined));
    expect(error).toMatchObject({ kind: 'not_found', code: 'CRM.DEAL_NOT_FOUND' });
  });

  // Two mutation fields in one operation share the request's loaders: the second must see the first's write.
  it('sees its own earlier write when the deal is moved twice in one request', async () => {
    const { port, events, service } = setup();
    const seeded = port.seedDeal({ stageId: 'lead', probability: 10 });
    await service.updateDealStage(seeded.id, 'proposal', undefined);
    const back = await service.updateDealStage(seeded.id, 'lead', undefined);
    expect(back.stageId).toBe('lead');
    expect(port.deals.get(seeded.id)?.stageId).toBe('lead');
    expect(events.published.map((e) => e.payload)).toEqual([
      expect.objectContaining({ fromStageId: 'lead', toStageId: 'proposal' }),
      expect.objectContaining({ fromStageId: 'proposal', toStageId: 'lead' }),
    ]);
  });
});

describe('CrmService.updateDeal', () => {
  it('refuses a currency change, naming input.amount.currency', async () => {
    const { port, service } = setup();
    const seeded = port.seedDeal({ amount: { amount: '100.00', currency: 'EUR' } });
    const error = await rejectionOf(service.updateDeal(seeded.id, { amount: { amount: '100.00', currency: 'USD' } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations).toEqual([{ field: 'input.amount.currency', reason: expect.stringContaining('USD') }]);
    expect(port.writes.updateDeal).toBe(0);
  });

  it('accepts a new amount in the same currency and a first amount on a deal without one', async () => {
    const { port, service } = setup();
    const eurDeal = port.seedDeal({ amount: { amount: '100.00', currency: 'EUR' } });
    expect((await service.updateDeal(eurDeal.id, { amount: { amount: '200.00', currency: 'EUR' } })).amount).toEqual({ amount: '200.00', currency: 'EUR' });
    const noAmount = port.seedDeal({ amount: null });
    expect((await service.updateDeal(noAmount.id, { amount: { amount: '5.00', currency: 'USD' } })).amount).toEqual({ amount: '5.00', currency: 'USD' });
  });

  it('refuses clearing the title, a negative amount and a bad probability at once', async () => {
    const { port, service } = setup();
    const seeded = port.seedDeal();
    const error = await rejectionOf(service.updateDeal(seeded.id, { title: null, amount: { amount: '-1.00', currency: 'EUR' }, probability: -1 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations.map((v) => v.field)).toEqual(['input.title', 'input.amount.amount', 'input.probability']);
    expect(port.writes.updateDeal).toBe(0);
  });
});

describe('CrmService.createContact', () => {
  it('creates a contact with a normalised email and publishes ContactCreated', async () => {
    const { port, events, service } = setup();
    const contact = await service.createContact({ email: ' Ada@Example.COM ', firstName: 'Ada' });
    expect(contact.email).toBe('Ada@example.com');
    expect(port.writes.createContact).toBe(1);
    expect(events.published).toEqual([
      expect.objectContaining({ type: CrmEventTypes.ContactCreated, tenantId: 'ten_a', source: 'crm', correlationId: 'req_42', payload: { contactId: contact.id, email: 'Ada@example.com' } }),
    ]);
    expect(events.intents).toEqual([{ tenantId: 'ten_a', operation: 'crm.contact.create', input: { email: 'Ada@example.com', correlationId: 'req_42' } }]);
  });

  it('refuses an email another contact already uses (CONFLICT), whatever its case', async () => {
    const { port, events, service } = setup();
    port.seedContact('ada@example.com');
    const error = await rejectionOf(service.createContact({ email: 'ADA@example.com' }));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'conflict', code: 'CRM.CONTACT_EMAIL_TAKEN' });
    expect(port.writes.createContact).toBe(0);
    expect(events.published).toEqual([]);
  });

  it('refuses an unknown companyId as not_found', async () => {
    const { port, service } = setup();
    const error = await rejectionOf(service.createContact({ email: 'ada@example.com', companyId: port.ids.encode('Company', '999') }));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'not_found', code: 'CRM.COMPANY_NOT_FOUND' });
    expect((error as Error).message).toContain('input.companyId');
    expect(port.writes.createContact).toBe(0);
  });

  it('refuses a company id minted for another connection as not_found', async () => {
    const { port, service } = setup();
    port.seedCompany('Acme');
    const foreign = new FakeCrmPort();
    const error = await rejectionOf(service.createContact({ email: 'ada@example.com', companyId: foreign.ids.encode('Company', 'x') }));
    expect(error).toMatchObject({ kind: 'not_found' });
    expect(port.writes.createContact).toBe(0);
  });

  it('accepts a known companyId', async () => {
    const { port, service } = setup();
    const company = port.seedCompany('Acme');
    const contact = await service.createContact({ email: 'ada@example.com', companyId: company.id });
    expect(contact.companyId).toBe(company.id);
  });

  it('reports a bad email and an over-long name together', async () => {
    const { port, service } = setup();
    const error = await rejectionOf(service.createContact({ email: 'not-an-email', firstName: 'x'.repeat(101) }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations.map((v) => v.field)).toEqual(['input.email', 'input.firstName']);
    expect(port.totalWrites).toBe(0);
  });
});

describe('CrmService write access', () => {
  it('forbids every mutation to a viewer and writes nothing', async () => {
    const { port, events, service } = setup(viewer);
    const deal = port.seedDeal();
    const contact = port.seedContact('ada@example.com');
    const attempts: [string, () => Promise<unknown>][] = [
      ['createContact', () => service.createContact({ email: 'bob@example.com' })],
      ['updateContact', () => service.updateContact(contact.id, { firstName: 'Bob' })],
      ['createDeal', () => service.createDeal(validDeal)],
      ['updateDeal', () => service.updateDeal(deal.id, { title: 'New title' })],
      ['updateDealStage', () => service.updateDealStage(deal.id, 'won', undefined)],
    ];
    for (const [name, attempt] of attempts) {
      const error = await rejectionOf(attempt());
      expect(error, name).toBeInstanceOf(DomainError);
      expect(error, name).toMatchObject({ kind: 'forbidden', code: 'CRM.WRITE_FORBIDDEN' });
    }
    expect(port.totalWrites).toBe(0);
    expect(events.published).toEqual([]);
  });

  it('lets an admin write', async () => {
    const { port } = setup();
    const admin = new CrmService(port, createCrmLoaders(port), new RecordingOutbox(), { ...viewer, roles: ['viewer', 'admin'] });
    await expect(admin.createDeal(validDeal)).resolves.toMatchObject({ title: 'Acme renewal' });
  });

  it('still lets a viewer read', async () => {
    const { port, service } = setup(viewer);
    const deal = port.seedDeal({ title: 'Visible' });
    await expect(service.getDeal(deal.id)).resolves.toMatchObject({ title: 'Visible' });
  });
});

describe('CrmService reads', () => {
  it('batches lookups of one request into one port call', async () => {
    const { port, service } = setup();
    const a = port.seedDeal();
    const b = port.seedDeal();
    const [dealA, dealB, missing] = await Promise.all([service.findDeal(a.id), service.findDeal(b.id), service.findDeal(port.ids.encode('Deal', '404'))]);
    expect(dealA?.id).toBe(a.id);
    expect(dealB?.id).toBe(b.id);
    expect(missing).toBeNull();
    expect(port.reads.getDeals).toBe(1);
  });

  it('refuses a page size outside 1..100', async () => {
    const { service } = setup();
    for (const first of [0, 101, 1.5]) {
      const error = await rejectionOf(service.listDeals(first, null));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).violations[0]?.field).toBe('first');
    }
  });
});
