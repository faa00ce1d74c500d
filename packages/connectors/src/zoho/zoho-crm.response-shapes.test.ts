import { createHttpClient, noAuth } from '@bizosaas/connector-kit';
import { fakeFetch, type FakeReply } from '@bizosaas/connector-kit/testing';
import { ConnectorError, EntityIds } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { ZohoCrmAdapter } from './zoho-crm.adapter.js';
import { zohoProfile } from './zoho-crm.profile.js';

const SETTINGS = { apiDomain: 'https://www.zohoapis.eu', accountsServer: 'https://accounts.zoho.eu', currency: 'EUR' };
const ids = new EntityIds('conn-zoho-shapes');
const STAMP = '2026-01-02T03:04:05+01:00';

function adapterAnswering(replies: FakeReply[], settings: Record<string, string> = {}) {
  const http = fakeFetch(replies);
  const client = createHttpClient({ profile: zohoProfile, baseUrl: SETTINGS.apiDomain, connectionId: 'conn-zoho-shapes', auth: noAuth, fetch: http.fetch, sleep: async () => undefined });
  return { adapter: new ZohoCrmAdapter({ connectionId: 'conn-zoho-shapes', settings: { ...SETTINGS, ...settings }, http: client }), calls: http.calls };
}

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

describe('Zoho adapter reads every shape the v8 spec allows', () => {
  it('an org whose layouts answer 204 has no pipelines (and asks for none)', async () => {
    const { adapter, calls } = adapterAnswering([{ status: 204 }]);
    expect(await adapter.listPipelines()).toEqual([]);
    expect(calls.map((c) => new URL(c.url).pathname)).toEqual(['/crm/v8/settings/layouts']);
  });

  it('pipelines and stages with null order, forecast type, names and default', async () => {
    const pipeline = {
      id: '5001', display_value: null, actual_value: 'Sales', default: null,
      maps: [
        { id: 's3', display_value: 'Won', actual_value: 'Closed Won', sequence_number: 3, forecast_type: 'Closed Won' },
        { id: 's9', display_value: null, actual_value: 'Parked', sequence_number: null, forecast_type: null },
        { id: 's1', display_value: 'Qualification', actual_value: 'Qualification', sequence_number: 1, forecast_type: 'Open' },
      ],
    };
    const { adapter } = adapterAnswering([{ status: 200, body: { pipeline: [pipeline, { id: '5002', display_value: 'Empty', maps: null }] } }], { dealsLayoutId: '42' });
    const [sales, empty] = await adapter.listPipelines();
    expect(sales).toMatchObject({ id: '5001', name: 'Sales' });
    expect(sales?.stages.map((s) => [s.id, s.name, s.closed])).toEqual([
      ['Qualification', 'Qualification', false],
      ['Closed Won', 'Won', true],
      ['Parked', 'Parked', false],
    ]);
    expect(empty).toEqual({ id: '5002', name: 'Empty', stages: [] });
  });

  it('records whose ids are not numeric', async () => {
    const contact = { id: 'zcrm_4150868000000224005', First_Name: null, Last_Name: 'Lovelace', Email: 'ada@example.org', Account_Name: { id: 'acct-7', name: null }, Created_Time: STAMP, Modified_Time: STAMP };
    const { adapter, calls } = adapterAnswering([{ status: 200, body: { data: [contact], info: { per_page: 100, count: 1, page: 1, more_records: false } } }]);
    const [found] = await adapter.getContacts([ids.encode('Contact', contact.id)]);
    expect(found).toMatchObject({ externalId: contact.id, lastName: 'Lovelace', companyId: ids.encode('Company', 'acct-7') });
    expect(new URL(calls[0]?.url ?? '').searchParams.get('ids')).toBe(contact.id);
  });

  it('an error inside an HTTP 200 is that error, not an unreadable answer', async () => {
    const { adapter } = adapterAnswering([{ status: 200, body: { code: 'INVALID_QUERY', details: { reason: 'criteria too long' }, message: 'invalid query formed', status: 'error' } }]);
    const error = await rejection(adapter.listContacts({ first: 10 }, { email: 'a@b.example' }));
    expect(error).toMatchObject({ code: 'invalid_request', provider: 'zoho', details: { status: 200 } });
    expect(error.message).toContain('invalid query formed');
  });

  it('a 400 with an unlisted code is a request error carrying Zoho\'s message, never "reconnect"', async () => {
    const { adapter } = adapterAnswering([{ status: 400, body: { code: 'PATTERN_NOT_MATCHED', details: { api_name: 'Email' }, message: 'Please enter a valid email', status: 'error' } }]);
    const error = await rejection(adapter.createContact({ email: 'not-an-email@x' }));
    expect(error).toMatchObject({ code: 'invalid_request', details: { status: 400 } });
    expect(error.message).toContain('Please enter a valid email');
    expect(error.message).not.toMatch(/reconnect/i);
  });
});
