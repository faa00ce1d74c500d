import { EntityIds } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { companyFromRow, contactFromRow, dealFromRow, pipelineFromRow } from './sandbox-crm.mapping.js';
import { parseCompanyRow, parseContactRow, parseDealRow, parsePipelineRow } from './sandbox-crm.rows.js';

const ids = new EntityIds('conn-1');
const created = new Date('2024-03-01T10:00:00.000Z');
const updated = new Date('2024-03-02T11:30:00.000Z');

// Rows as the drivers hand them over: pg gives bigint as a string, PGlite as a number.
const contactRow = {
  dataset: 'demo', id: 'ct_001', seq: '7', email: 'anna.berger@kestrel-freight.example', first_name: 'Anna', last_name: 'Berger',
  phone: null, job_title: 'CFO', company_id: 'co_02', created_at: created, updated_at: updated,
};
const dealRow = {
  dataset: 'demo', id: 'dl_001', seq: 3, title: 'Kestrel Freight – Annual renewal', amount: '1234.50', currency: 'EUR',
  pipeline_id: 'sales', stage_id: 'proposal', probability: 60, close_date: '2024-06-30T00:00:00.000Z',
  contact_id: 'ct_001', company_id: null, created_at: created, updated_at: updated,
};

describe('sandbox CRM mapping', () => {
  it('maps a contact row to a canonical Contact with connection-scoped ids', () => {
    const contact = contactFromRow(parseContactRow(contactRow), ids);
    expect(contact).toMatchObject({
      externalId: 'ct_001', email: 'anna.berger@kestrel-freight.example', firstName: 'Anna', lastName: 'Berger', phone: null, jobTitle: 'CFO',
      source: { provider: 'sandbox', connectionId: 'conn-1' }, createdAt: created, updatedAt: updated,
    });
    expect(ids.decode('Contact', contact.id)).toBe('ct_001');
    expect(contact.companyId).not.toBeNull();
    expect(ids.decode('Company', contact.companyId ?? '')).toBe('co_02');
    expect(new EntityIds('conn-2').decode('Contact', contact.id)).toBeUndefined();
    expect(contact.raw).toMatchObject({ id: 'ct_001', seq: '7' });
  });

  it('maps a deal row keeping the amount string exactly and references as canonical ids', () => {
    const deal = dealFromRow(parseDealRow(dealRow), ids);
    expect(deal.amount).toEqual({ amount: '1234.50', currency: 'EUR' });
    expect(deal).toMatchObject({ title: 'Kestrel Freight – Annual renewal', pipelineId: 'sales', stageId: 'proposal', probability: 60, companyId: null });
    expect(deal.closeDate?.toISOString()).toBe('2024-06-30T00:00:00.000Z');
    expect(ids.decode('Contact', deal.contactId ?? '')).toBe('ct_001');
    expect(ids.decode('Deal', deal.id)).toBe('dl_001');
    expect(dealFromRow(parseDealRow({ ...dealRow, amount: null, currency: null }), ids).amount).toBeNull();
  });

  it('maps companies and pipelines field by field, dropping unknown stage keys', () => {
    const company = companyFromRow(
      parseCompanyRow({ dataset: 'demo', id: 'co_02', seq: 2n, name: 'Kestrel Freight', domain: 'kestrel-freight.example', industry: 'Logistics', employee_count: 420, created_at: created, updated_at: updated }),
      ids,
    );
    expect(company).toMatchObject({ externalId: 'co_02', name: 'Kestrel Freight', domain: 'kestrel-freight.example', industry: 'Logistics', employeeCount: 420 });
    const pipeline = pipelineFromRow(
      parsePipelineRow({
        dataset: 'demo', id: 'sales', position: 0, name: 'Sales', created_at: created, updated_at: updated,
        stages: [{ id: 'lead', name: 'Lead', probability: 10, closed: false, won: false, colour: 'blue' }, { id: 'won', name: 'Won', probability: 100, closed: true, won: true }],
      }),
    );
    expect(pipeline).toEqual({
      id: 'sales', name: 'Sales',
      stages: [{ id: 'lead', name: 'Lead', probability: 10, closed: false, won: false }, { id: 'won', name: 'Won', probability: 100, closed: true, won: true }],
    });
  });

  it('rejects a malformed row with a ConnectorError naming the fields, not the values', () => {
    expect(() => parseContactRow({ ...contactRow, email: null, seq: undefined })).toThrow(
      expect.objectContaining({ name: 'ConnectorError', code: 'invalid_response', message: expect.stringContaining('seq, email') }),
    );
  });
});
