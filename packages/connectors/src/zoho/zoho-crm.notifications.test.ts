import { ConnectorError, CrmEventTypes, EntityIds } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { parseZohoNotification } from './zoho-crm.notifications.js';

const options = { channelToken: 'TOKEN_FOR_VERIFICATION_OF_1000000068001', connectionId: 'conn-1', channelId: '1000000068001' };
// The callback body Zoho documents for instant notifications.
const body = {
  server_time: 1_700_000_000_000,
  query_params: {},
  module: 'Deals',
  resource_uri: 'https://www.zohoapis.eu/crm/v8/Deals',
  ids: ['3652397000000656007', '3652397000000656008'],
  affected_fields: [{ '3652397000000656007': ['Stage', 'Amount'] }, { '3652397000000656008': ['Description'] }],
  operation: 'update',
  channel_id: '1000000068001',
  token: 'TOKEN_FOR_VERIFICATION_OF_1000000068001',
};

describe('parseZohoNotification', () => {
  it('maps a Deals update to changes with canonical ids; a Stage change is a stage_changed event', () => {
    const parsed = parseZohoNotification(body, options);
    expect(parsed.occurredAt.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(parsed.changes).toHaveLength(2);
    expect(parsed.changes[0]).toMatchObject({ entity: 'Deal', operation: 'updated', externalId: '3652397000000656007', changedFields: ['Stage', 'Amount'], eventType: CrmEventTypes.DealStageChanged });
    expect(new EntityIds('conn-1').decode('Deal', parsed.changes[0]?.id ?? '')).toBe('3652397000000656007');
    expect(parsed.changes[1]?.eventType).toBeNull();
  });

  it('maps Contacts and Deals inserts to created events', () => {
    expect(parseZohoNotification({ ...body, module: 'Contacts', operation: 'insert', ids: ['1'] }, options).changes[0]).toMatchObject({ entity: 'Contact', eventType: CrmEventTypes.ContactCreated });
    expect(parseZohoNotification({ ...body, operation: 'insert', ids: ['2'] }, options).changes[0]).toMatchObject({ entity: 'Deal', eventType: CrmEventTypes.DealCreated });
    expect(parseZohoNotification({ ...body, module: 'Leads' }, options).changes).toEqual([]);
  });

  it('gives a redelivery the same delivery id and another notification another', () => {
    const first = parseZohoNotification(body, options).deliveryId;
    expect(parseZohoNotification(structuredClone(body), options).deliveryId).toBe(first);
    expect(parseZohoNotification({ ...body, server_time: body.server_time + 1 }, options).deliveryId).not.toBe(first);
  });

  it('refuses a wrong or missing channel token, or another channel, without echoing the token', () => {
    for (const forged of [{ ...body, token: 'TOKEN_FOR_VERIFICATION_OF_1000000068002' }, { ...body, token: undefined }, { ...body, channel_id: '42' }]) {
      let error: unknown;
      try {
        parseZohoNotification(forged, options);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ code: 'unauthorized' });
      expect((error as Error).message).not.toContain('TOKEN_FOR');
    }
    expect(() => parseZohoNotification({ hello: 'world' }, options)).toThrow(expect.objectContaining({ code: 'invalid_response' }));
  });
});
