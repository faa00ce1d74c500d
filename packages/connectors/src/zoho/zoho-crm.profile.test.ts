import { ValidationError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { escapeCriteriaValue, zohoCriteria } from './zoho-crm.criteria.js';
import { decodeZohoCursor, encodeZohoCursor } from './zoho-crm.cursor.js';
import { zohoTokenFetch } from './zoho-crm.oauth.js';
import { mapZohoError } from './zoho-crm.profile.js';

describe('Zoho error mapping', () => {
  it('maps Zoho codes to connector codes, naming the field of INVALID_DATA', () => {
    expect(mapZohoError(401, { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' })?.code).toBe('unauthorized');
    expect(mapZohoError(401, { code: 'AUTHENTICATION_FAILURE', details: {}, message: 'Authentication failed', status: 'error' })?.code).toBe('unauthorized');
    expect(mapZohoError(403, { code: 'NO_PERMISSION', details: {}, message: 'permission denied', status: 'error' })?.code).toBe('unauthorized');
    expect(mapZohoError(400, { code: 'LIMIT_EXCEEDED', details: {}, message: 'x', status: 'error' })?.code).toBe('rate_limited');
    expect(mapZohoError(400, { code: 'INTERNAL_ERROR', details: {}, message: 'x', status: 'error' })?.code).toBe('upstream_unavailable');
    const invalid = mapZohoError(400, { data: [{ code: 'INVALID_DATA', details: { api_name: 'Probability', json_path: '$.data[0].Probability' }, message: 'invalid data', status: 'error' }] });
    expect(invalid).toEqual({ code: 'invalid_request', message: expect.stringContaining('Probability (probability)') });
    // Nothing but token and permission codes asks to reconnect: unlisted codes are the request's.
    expect(mapZohoError(400, { code: 'SOME_NEW_CODE', details: {}, message: 'the new thing went wrong', status: 'error' })).toEqual({ code: 'invalid_request', message: expect.stringContaining('the new thing went wrong') });
    expect(mapZohoError(400, { data: [{ code: 'DUPLICATE_DATA', details: { api_name: 'Email' }, message: 'duplicate data', status: 'error' }] })?.code).toBe('conflict');
    expect(mapZohoError(400, { code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Last_Name' }, message: 'required field not found', status: 'error' })?.code).toBe('invalid_request');
    expect(mapZohoError(400, { code: 'INVALID_MODULE', details: null, message: 'the module name given seems to be invalid', status: 'error' })?.code).toBe('rejected');
    expect(mapZohoError(400, { data: [{ code: 'INVALID_DATA', details: { api_name: 'Contact_Name' }, message: 'the related id given seems to be invalid', status: 'error' }] })?.code).toBe('not_found');
    expect(mapZohoError(400, { data: [{ code: 'INVALID_DATA', details: { id: '1' }, message: 'the id given seems to be invalid', status: 'error' }] })?.code).toBe('not_found');
    expect(mapZohoError(400, 'not json')).toBeUndefined();
  });
});

describe('Zoho token endpoint quirk', () => {
  it('turns 200 { error } into the 400 the kit understands and leaves real tokens alone', async () => {
    const answering = (body: unknown) => zohoTokenFetch(async () => new Response(JSON.stringify(body), { status: 200 }));
    expect((await answering({ error: 'invalid_code' })('https://accounts.zoho.eu/oauth/v2/token')).status).toBe(400);
    const ok = await answering({ access_token: 'a', expires_in: 3600, api_domain: 'https://www.zohoapis.eu' })('https://accounts.zoho.eu/oauth/v2/token');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ access_token: 'a' });
  });
});

describe('Zoho criteria and cursors', () => {
  it('escapes values and joins criteria with and', () => {
    expect(escapeCriteriaValue('a(b),c\\d')).toBe('a\\(b\\)\\,c\\\\d');
    expect(zohoCriteria([{ field: 'Email', operator: 'in', values: ['a@x.example', 'b@x.example'] }])).toBe('(Email:in:a@x.example,b@x.example)');
    expect(zohoCriteria([{ field: 'Contact_Name', operator: 'equals', values: ['1'] }, { field: 'Stage', operator: 'equals', values: ['Closed Won'] }, { field: 'Pipeline', operator: 'in', values: ['P'] }])).toBe(
      '(((Contact_Name:equals:1)and(Stage:equals:Closed Won))and(Pipeline:equals:P))',
    );
  });

  it('decodes every page token it encodes, however long or odd Zoho\'s token is', () => {
    for (const token of ['a', 'x'.repeat(1500), `${'Zz9'.repeat(1800)}`, 'tok%2Fen:with|odd~chars{}[]"\'', '==padded==']) {
      expect(decodeZohoCursor(encodeZohoCursor({ kind: 'token', token }), ['token'])).toEqual({ kind: 'token', token });
    }
  });

  it('round-trips cursors and refuses tampered or foreign ones', () => {
    const token = encodeZohoCursor({ kind: 'token', token: 'abc.DEF-123' });
    expect(decodeZohoCursor(token, ['token', 'page'])).toEqual({ kind: 'token', token: 'abc.DEF-123' });
    expect(decodeZohoCursor(encodeZohoCursor({ kind: 'page', page: 3 }), ['page'])).toEqual({ kind: 'page', page: 3 });
    expect(decodeZohoCursor(null, ['page'])).toBeUndefined();
    expect(() => decodeZohoCursor(token, ['page'])).toThrow(ValidationError);
    expect(() => decodeZohoCursor('c2FuZGJveDox', ['token'])).toThrow(ValidationError);
  });
});
