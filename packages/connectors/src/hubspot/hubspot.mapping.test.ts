import { EntityIds } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { companyFromHubSpot, contactFromHubSpot, contactToHubSpot, dealFromHubSpot, dealToHubSpot, percentFromFraction, pipelineFromHubSpot } from './hubspot.mapping.js';
import { hubSpotObjectSchema, hubSpotPipelinesSchema } from './hubspot.schemas.js';

const ids = new EntityIds('conn-hs');
// Recorded-shape payloads (CRM v3 objects API docs).
const contact = hubSpotObjectSchema.parse({
  id: '512', archived: false, createdAt: '2024-03-01T10:00:00.000Z', updatedAt: '2024-03-02T11:30:00.000Z',
  properties: { email: 'anna@kestrel.example', firstname: 'Anna', lastname: 'Berger', phone: '', jobtitle: null, associatedcompanyid: '77', createdate: '2024-03-01T10:00:00.000Z', hs_object_id: '512' },
});
const deal = hubSpotObjectSchema.parse({
  id: '9001', createdAt: '2024-03-01T10:00:00Z', updatedAt: '2024-03-05T09:00:00Z',
  properties: { dealname: 'Annual renewal', amount: '1234.50', deal_currency_code: 'EUR', pipeline: 'default', dealstage: 'contractsent', hs_forecast_probability: '0.29', closedate: '2024-06-30T00:00:00Z' },
});

describe('HubSpot mapping', () => {
  it('maps a contact with connection-scoped ids and the primary company', () => {
    const mapped = contactFromHubSpot(contact, ids);
    expect(mapped).toMatchObject({ externalId: '512', email: 'anna@kestrel.example', firstName: 'Anna', lastName: 'Berger', phone: null, jobTitle: null, source: { provider: 'hubspot', connectionId: 'conn-hs' } });
    expect(ids.decode('Contact', mapped.id)).toBe('512');
    expect(ids.decode('Company', mapped.companyId ?? '')).toBe('77');
    expect(mapped.createdAt.toISOString()).toBe('2024-03-01T10:00:00.000Z');
  });

  it('maps a deal keeping the amount string exactly and probability 0..1 as 0..100', () => {
    const mapped = dealFromHubSpot(deal, { contactId: '512', companyId: null }, ids, 'USD');
    expect(mapped.amount).toEqual({ amount: '1234.50', currency: 'EUR' });
    expect(mapped).toMatchObject({ title: 'Annual renewal', pipelineId: 'default', stageId: 'contractsent', probability: 29, companyId: null });
    expect(ids.decode('Contact', mapped.contactId ?? '')).toBe('512');
    expect(mapped.closeDate?.toISOString()).toBe('2024-06-30T00:00:00.000Z');
    const noCurrency = hubSpotObjectSchema.parse({ ...deal, properties: { ...deal.properties, deal_currency_code: null } });
    expect(dealFromHubSpot(noCurrency, { contactId: null, companyId: null }, ids, 'GBP').amount).toEqual({ amount: '1234.50', currency: 'GBP' });
  });

  it('puts a deal without a pipeline in HubSpot\'s default pipeline, and keeps a named one', () => {
    const noPipeline = hubSpotObjectSchema.parse({ ...deal, properties: { ...deal.properties, pipeline: null } });
    expect(dealFromHubSpot(noPipeline, { contactId: null, companyId: null }, ids, 'EUR').pipelineId).toBe('default');
    const blank = hubSpotObjectSchema.parse({ ...deal, properties: { ...deal.properties, pipeline: '' } });
    expect(dealFromHubSpot(blank, { contactId: null, companyId: null }, ids, 'EUR').pipelineId).toBe('default');
    const custom = hubSpotObjectSchema.parse({ ...deal, properties: { ...deal.properties, pipeline: '75e28846' } });
    expect(dealFromHubSpot(custom, { contactId: null, companyId: null }, ids, 'EUR').pipelineId).toBe('75e28846');
  });

  it('maps companies, with a non-numeric employee count as null', () => {
    const company = hubSpotObjectSchema.parse({ id: '77', createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z', properties: { name: 'Kestrel', domain: 'kestrel.example', industry: null, numberofemployees: '240' } });
    expect(companyFromHubSpot(company, ids)).toMatchObject({ name: 'Kestrel', domain: 'kestrel.example', industry: null, employeeCount: 240 });
  });

  it('maps pipelines: stages in display order, 0..1 -> 0..100, won = closed at 100', () => {
    const { results } = hubSpotPipelinesSchema.parse({
      results: [{ id: 'default', label: 'Sales', displayOrder: 0, stages: [
        { id: 'closedwon', label: 'Won', displayOrder: 2, metadata: { isClosed: 'true', probability: '1.0' } },
        { id: 'appointmentscheduled', label: 'Appointment', displayOrder: 0, metadata: { isClosed: 'false', probability: '0.2' } },
        { id: 'closedlost', label: 'Lost', displayOrder: 3, metadata: { isClosed: 'true', probability: '0.0' } },
        { id: 'old', label: 'Archived', displayOrder: 1, archived: true, metadata: {} },
      ] }],
    });
    expect(pipelineFromHubSpot(results[0]!)).toEqual({
      id: 'default', name: 'Sales', stages: [
        { id: 'appointmentscheduled', name: 'Appointment', probability: 20, closed: false, won: false },
        { id: 'closedwon', name: 'Won', probability: 100, closed: true, won: true },
        { id: 'closedlost', name: 'Lost', probability: 0, closed: true, won: false },
      ],
    });
    expect(percentFromFraction('0.575')).toBe(57.5);
  });

  it('writes canonical fields as HubSpot properties; null clears', () => {
    expect(contactToHubSpot({ email: 'a@b.example', phone: null })).toEqual({ email: 'a@b.example', phone: '' });
    expect(dealToHubSpot({ title: 'T', amount: { amount: '99.99', currency: 'USD' }, probability: 35, closeDate: new Date('2031-03-15T00:00:00Z') })).toEqual({
      dealname: 'T', amount: '99.99', deal_currency_code: 'USD', hs_forecast_probability: '0.35', closedate: '2031-03-15T00:00:00.000Z',
    });
    expect(dealToHubSpot({ amount: null, probability: null })).toEqual({ amount: '', deal_currency_code: '', hs_forecast_probability: '' });
  });
});
