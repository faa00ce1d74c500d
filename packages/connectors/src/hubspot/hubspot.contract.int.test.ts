import { describeCrmPortContract } from '@bizosaas/domain/testing';
import { emulatorWithCompanies, privateAppAdapter } from '../../test/emulators/hubspot/hubspot-emulator.setup.js';

describeCrmPortContract('hubspot on its emulator', async () => {
  const emulator = await emulatorWithCompanies();
  return {
    port: privateAppAdapter(emulator, 'conn-hubspot-a'),
    // Same HubSpot account, another connection: its ids must mean nothing to the first one.
    otherPort: privateAppAdapter(emulator, 'conn-hubspot-b'),
    cleanup: () => emulator.close(),
  };
});
