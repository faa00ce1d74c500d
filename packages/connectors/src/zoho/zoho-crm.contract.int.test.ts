import { describeCrmPortContract } from '@bizosaas/domain/testing';
import { ZohoEmulator } from '../../test/emulators/zoho/zoho-emulator.js';
import { zohoTestConnection } from '../../test/emulators/zoho/zoho-test-connection.js';

describeCrmPortContract('zoho on its emulator', async () => {
  const emulator = await ZohoEmulator.start({ name: 'eu' });
  // Companies cannot be created through the port: the account's CRM already has some.
  for (const name of ['Kestrel Freight', 'Heron Analytics', 'Osprey Foods']) {
    emulator.store.create('Accounts', { Account_Name: name, Website: `https://www.${name.toLowerCase().replace(' ', '-')}.example`, Industry: 'Logistics', Employees: 120 });
  }
  return {
    port: zohoTestConnection(emulator, { connectionId: 'conn-zoho-contract-a' }).port,
    // Same Zoho account, another connection: its ids must mean nothing to the first one.
    otherPort: zohoTestConnection(emulator, { connectionId: 'conn-zoho-contract-b' }).port,
    cleanup: () => emulator.close(),
  };
});
