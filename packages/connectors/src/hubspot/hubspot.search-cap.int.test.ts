import { bearerToken, collect, createHttpClient } from '@bizosaas/connector-kit';
import { EntityIds } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubSpotEmulator } from '../../test/emulators/hubspot/hubspot-emulator.js';
import { emulatorWithCompanies, PRIVATE_APP_TOKEN, privateAppAdapter } from '../../test/emulators/hubspot/hubspot-emulator.setup.js';
import { HubSpotApi } from './hubspot.api.js';
import { HubSpotAssociationTypes, HubSpotKinds } from './hubspot.mapping.js';
import { hubSpotProfile } from './hubspot.profile.js';

describe('HubSpot search cap (10 000 results)', () => {
  let emulator: HubSpotEmulator;
  let companyId = '';

  beforeAll(async () => {
    emulator = await emulatorWithCompanies();
    const company = emulator.seed('companies', { name: 'Huge Co' });
    companyId = company.id;
    for (let i = 0; i < 10_050; i += 1) {
      emulator.seed('contacts', { email: `bulk-${i}@huge.example` }, [{ type: 'companies', id: company.id, typeId: HubSpotAssociationTypes.contactToCompany }]);
    }
  });
  afterAll(() => emulator.close());

  it('a generator over a search says it hit the cap instead of stopping silently', async () => {
    const api = new HubSpotApi(createHttpClient({ profile: hubSpotProfile, baseUrl: emulator.url, connectionId: 'conn-cap', auth: bearerToken(PRIVATE_APP_TOKEN) }));
    const error: unknown = await collect(api.searchAll('contacts', [{ propertyName: 'associatedcompanyid', operator: 'EQ', value: companyId }])).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not_supported', provider: 'hubspot' });
    expect((error as Error).message).toContain('10000');
    expect(emulator.count('POST /crm/v3/objects/contacts/search')).toBe(100);
  });

  it('a page past the cap is refused with not_supported; the page up to the cap is served', async () => {
    const port = privateAppAdapter(emulator, 'conn-cap');
    const filter = { companyId: new EntityIds('conn-cap').encode(HubSpotKinds.Company, companyId) };
    const last = await port.listContacts({ first: 100, after: '9950' }, filter);
    expect(last.items).toHaveLength(50);
    expect(last.totalCount).toBe(10_050);
    expect(last.hasNextPage).toBe(true);
    await expect(port.listContacts({ first: 100, after: last.endCursor }, filter)).rejects.toMatchObject({ code: 'not_supported' });
  });
});
