import { ConnectorError, EntityIds, ValidationError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { companyFromZoho, contactFromZoho, contactToZoho, dealFromZoho, dealToZoho, decimalFromZoho, domainOfWebsite } from './zoho-crm.mapping.js';
import { pipelineFromZoho } from './zoho-crm.pipelines.js';
import { zohoAccountSchema, zohoContactSchema, zohoDealSchema, zohoPipelineSchema } from './zoho-crm.schemas.js';

const ids = new EntityIds('conn-1');

// Recorded shapes from Zoho's v8 documentation samples (values shortened).
const contact = zohoContactSchema.parse({
  id: '3652397000000649013', First_Name: 'Patricia', Last_Name: 'Boyle', Email: 'p.boyle@zylker.example', Phone: null, Title: 'CFO',
  Account_Name: { name: 'Zylker', id: '3652397000000624046' }, Created_Time: '2024-02-12T12:30:05+05:30', Modified_Time: '2024-02-13T09:00:00+05:30',
  Owner: { name: 'Patricia Boyle', id: '3652397000000186017', email: 'p.boyle@zylker.example' }, $approved: true,
});
const deal = zohoDealSchema.parse({
  id: '3652397000000656007', Deal_Name: 'Zylker renewal', Amount: 1234.5, Currency: 'EUR', Stage: 'Needs Analysis',
  Pipeline: { name: 'Standard', id: '3652397000000091023' }, Probability: 20, Closing_Date: '2031-03-15',
  Contact_Name: { name: 'Patricia Boyle', id: '3652397000000649013' }, Account_Name: null,
  Created_Time: '2024-02-12T12:30:05+05:30', Modified_Time: '2024-02-12T12:30:05+05:30',
});

describe('Zoho CRM mapping', () => {
  it('maps a contact with its account lookup as a connection-scoped company id', () => {
    const mapped = contactFromZoho(contact, ids);
    expect(mapped).toMatchObject({ externalId: '3652397000000649013', email: 'p.boyle@zylker.example', firstName: 'Patricia', lastName: 'Boyle', phone: null, jobTitle: 'CFO', source: { provider: 'zoho', connectionId: 'conn-1' } });
    expect(mapped.createdAt.toISOString()).toBe('2024-02-12T07:00:05.000Z');
    expect(ids.decode('Company', mapped.companyId ?? '')).toBe('3652397000000624046');
    expect(ids.decode('Contact', mapped.id)).toBe('3652397000000649013');
  });

  it('maps a deal keeping the amount as an exact decimal string and the close day', () => {
    const mapped = dealFromZoho(deal, ids, 'USD');
    expect(mapped).toMatchObject({ title: 'Zylker renewal', amount: { amount: '1234.50', currency: 'EUR' }, pipelineId: '3652397000000091023', stageId: 'Needs Analysis', probability: 20, companyId: null });
    expect(mapped.closeDate?.toISOString()).toBe('2031-03-15T00:00:00.000Z');
    expect(ids.decode('Contact', mapped.contactId ?? '')).toBe('3652397000000649013');
    // Single-currency orgs send no Currency: the connection's home currency applies.
    expect(dealFromZoho({ ...deal, Currency: null, Amount: 99 }, ids, 'USD').amount).toEqual({ amount: '99.00', currency: 'USD' });
    expect(dealFromZoho({ ...deal, Amount: null }, ids, 'USD').amount).toBeNull();
  });

  it('turns currency numbers into decimal strings without float arithmetic and refuses what is not one', () => {
    expect(decimalFromZoho(0.1)).toBe('0.10');
    expect(decimalFromZoho(99.99)).toBe('99.99');
    expect(decimalFromZoho(-3.5)).toBe('-3.50');
    expect(decimalFromZoho(12.3456)).toBe('12.3456');
    expect(() => decimalFromZoho(1e21)).toThrow(ConnectorError);
    expect(() => decimalFromZoho(0.1 + 0.2)).toThrow(ConnectorError);
  });

  it('maps accounts to companies with the domain of their website', () => {
    const account = zohoAccountSchema.parse({ id: '1', Account_Name: 'Zylker', Website: 'https://www.Zylker.example/about', Industry: 'Retail', Employees: 42, Created_Time: '2024-01-01T00:00:00+00:00', Modified_Time: '2024-01-01T00:00:00+00:00' });
    expect(companyFromZoho(account, ids)).toMatchObject({ name: 'Zylker', domain: 'zylker.example', industry: 'Retail', employeeCount: 42 });
    expect(domainOfWebsite('zylker.example')).toBe('zylker.example');
    expect(domainOfWebsite('')).toBeNull();
  });

  it('writes contacts field by field: omitted stays unset, null clears, Last_Name defaults on create', () => {
    const company = ids.encode('Company', '77');
    expect(contactToZoho({ email: 'ada@x.example', companyId: company }, ids, 'create')).toEqual({ Email: 'ada@x.example', Last_Name: 'ada', Account_Name: { id: '77' } });
    expect(contactToZoho({ phone: null, jobTitle: 'CTO' }, ids, 'update')).toEqual({ Phone: null, Title: 'CTO' });
    expect(() => contactToZoho({ lastName: null }, ids, 'update')).toThrow(ValidationError);
    expect(() => contactToZoho({ email: 'a@b.example', companyId: new EntityIds('other').encode('Company', '77') }, ids, 'create')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('writes deals with amount, currency, pipeline, stage, day-only close date and lookups', () => {
    const record = dealToZoho(
      { title: 'T', amount: { amount: '1234.50', currency: 'EUR' }, pipelineId: '9', stageId: 'Qualification', probability: 35, closeDate: new Date('2031-03-15T00:00:00Z'), contactId: ids.encode('Contact', '5') },
      ids,
    );
    expect(record).toEqual({ Deal_Name: 'T', Amount: 1234.5, Currency: 'EUR', Pipeline: { id: '9' }, Stage: 'Qualification', Probability: 35, Closing_Date: '2031-03-15', Contact_Name: { id: '5' } });
    expect(dealToZoho({ amount: null, closeDate: null, companyId: null }, ids)).toEqual({ Amount: null, Closing_Date: null, Account_Name: null });
    // GraphQL can hand a null where the type says string: refused rather than sent to Zoho.
    const nullStage: unknown = JSON.parse('{"stageId":null}');
    expect(() => dealToZoho(nullStage as { stageId?: string }, ids)).toThrow(ValidationError);
  });

  it('maps a pipeline: stage ids are Stage values, closed/won from forecast_type, probabilities in 0..100', () => {
    const pipeline = pipelineFromZoho(
      zohoPipelineSchema.parse({
        id: '2766660000055809075', display_value: 'Standard', default: true,
        maps: [
          { id: 's3', display_value: 'Closed Won', actual_value: 'Closed Won', sequence_number: 3, forecast_type: 'Closed Won' },
          { id: 's1', display_value: 'Qualification', actual_value: 'Qualification', sequence_number: 1, forecast_type: 'Open' },
          { id: 's2', display_value: 'Custom step', actual_value: 'custom', sequence_number: 2, forecast_type: 'Open' },
          { id: 's4', display_value: 'Closed Lost', actual_value: 'Closed Lost', sequence_number: 4, forecast_type: 'Closed Lost' },
        ],
      }),
    );
    expect(pipeline).toEqual({
      id: '2766660000055809075', name: 'Standard',
      stages: [
        { id: 'Qualification', name: 'Qualification', probability: 10, closed: false, won: false },
        { id: 'custom', name: 'Custom step', probability: 67, closed: false, won: false },
        { id: 'Closed Won', name: 'Closed Won', probability: 100, closed: true, won: true },
        { id: 'Closed Lost', name: 'Closed Lost', probability: 0, closed: true, won: false },
      ],
    });
  });
});
