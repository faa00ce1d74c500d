import { describeAnalyticsPortContract } from '@bizosaas/domain/testing';
import { GA4_KNOWN, ga4Connection, seededGa4 } from '../../test/emulators/ga4/ga4-emulator.setup.js';

describeAnalyticsPortContract('ga4 on its emulator', async () => {
  const emulator = await seededGa4();
  return { port: ga4Connection(emulator, 'conn-ga4-contract').port, known: GA4_KNOWN, cleanup: () => emulator.close() };
});
