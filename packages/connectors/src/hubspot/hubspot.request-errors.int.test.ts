import { ConnectorError, EntityIds, ValidationError } from '@bizosaas/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HubSpotEmulator } from '../../test/emulators/hubspot/hubspot-emulator.js';
import { emulatorWithCompanies, privateAppAdapter } from '../../test/emulators/hubspot/hubspot-emulator.setup.js';
import { HubSpotAssociationTypes, HubSpotKinds } from './hubspot.mapping.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('HubSpot: request errors are the request\'s, not the connection\'s', () => {
  let emulator: HubSpotEmulator;
  const ids = new EntityIds('conn-hs-errors');
  const port = () => privateAppAdapter(emulator, 'conn-hs-errors');

  beforeAll(async () => {
    emulator = await emulatorWithCompanies();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.resetCounts());

  it('a 400 VALIDATION_ERROR is invalid_request with HubSpot\'s message, never "reconnect"', async () => {
    // The stage exists in no pipeline: HubSpot refuses the property values (the service checks pipelines
    // first in production; the port call shows what the provider's 400 becomes).
    const error = await rejection(port().createDeal({ title: 'Bad stage', pipelineId: 'default', stageId: 'no-such-stage', amount: null }));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'invalid_request', provider: 'hubspot', details: { status: 400 } });
    expect(String((error as Error).message)).toContain('dealstage no-such-stage is not in pipeline');
    expect(String((error as Error).message)).not.toMatch(/reconnect/i);
  });

  it('a 409 duplicate contact is a conflict', async () => {
    await port().createContact({ email: 'twice@conflict.example' });
    const error = await rejection(port().createContact({ email: 'twice@conflict.example' }));
    expect(error).toMatchObject({ code: 'conflict', provider: 'hubspot', details: { status: 409 } });
    expect(String((error as Error).message)).toContain('Contact already exists');
  });

  it('a cursor that is not a search offset is refused as input before anything is sent', async () => {
    const company = emulator.store.all('companies')[0];
    if (company === undefined) throw new Error('the emulator has companies');
    const error = await rejection(port().listContacts({ first: 10, after: 'not-a-cursor' }, { companyId: ids.encode(HubSpotKinds.Company, company.id) }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations).toEqual([{ field: 'after', reason: 'is not a cursor returned by this list' }]);
    expect(emulator.count('POST /crm/v3/objects/contacts/search')).toBe(0);
  });

  it('a deal without a pipeline is read as in the default pipeline', async () => {
    const deal = emulator.seed('deals', { dealname: 'No pipeline', dealstage: 'qualifiedtobuy' });
    const [read] = await port().getDeals([ids.encode(HubSpotKinds.Deal, deal.id)]);
    expect(read).toMatchObject({ pipelineId: 'default', stageId: 'qualifiedtobuy' });
    expect((await port().listPipelines()).map((p) => p.id)).toContain(read?.pipelineId);
  });

  it('pages many associations of several contacts together, in bounded batch rounds, without losing any', async () => {
    const big = emulator.seed('contacts', { email: 'big@assoc.example' });
    const medium = emulator.seed('contacts', { email: 'medium@assoc.example' });
    const small = emulator.seed('contacts', { email: 'small@assoc.example' });
    for (const [contact, count] of [[big, 1_200], [medium, 700], [small, 3]] as const) {
      for (let i = 0; i < count; i += 1) {
        emulator.seed('deals', { dealname: `${contact.properties.email} ${i}`, pipeline: 'default', dealstage: 'qualifiedtobuy' }, [{ type: 'contacts', id: contact.id, typeId: HubSpotAssociationTypes.dealToContact }]);
      }
    }
    emulator.resetCounts();
    const slots = await port().getDealsForContacts([big, medium, small].map((c) => ids.encode(HubSpotKinds.Contact, c.id)));
    expect(slots.map((deals) => deals.length)).toEqual([1_200, 700, 3]);
    expect(new Set(slots[0]?.map((d) => d.id)).size).toBe(1_200);
    // 500 per answer: round 1 reads all three, round 2 continues big and medium together, round 3 big.
    expect(emulator.count('POST /crm/v4/associations/contacts/deals/batch/read')).toBe(3);
  });
});
