import { bearerToken } from '@bizosaas/connector-kit';
import { startHubSpotEmulator, type HubSpotEmulator, type HubSpotEmulatorOptions } from './hubspot-emulator.js';
import { HubSpotCrmAdapter, type HubSpotClientOptions } from '../../../src/hubspot/hubspot-crm.adapter.js';

/** Test wiring shared by the HubSpot integration tests: an emulator with companies, and adapters on it. */

export const PRIVATE_APP_TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';

export async function emulatorWithCompanies(options: HubSpotEmulatorOptions = { accessTokens: [PRIVATE_APP_TOKEN] }): Promise<HubSpotEmulator> {
  const emulator = await startHubSpotEmulator(options);
  emulator.seed('companies', { name: 'Kestrel Freight', domain: 'kestrel-freight.example', industry: 'TRANSPORTATION_TRUCKING_RAILROAD', numberofemployees: '240' });
  emulator.seed('companies', { name: 'Globex', domain: 'globex.example', industry: 'COMPUTER_SOFTWARE', numberofemployees: '1200' });
  emulator.seed('companies', { name: 'Initech', domain: 'initech.example' });
  return emulator;
}

export function privateAppAdapter(emulator: HubSpotEmulator, connectionId: string, extra: Partial<HubSpotClientOptions> = {}): HubSpotCrmAdapter {
  return new HubSpotCrmAdapter({ connectionId, auth: bearerToken(PRIVATE_APP_TOKEN), baseUrl: emulator.url, defaultCurrency: 'EUR', ...extra });
}
