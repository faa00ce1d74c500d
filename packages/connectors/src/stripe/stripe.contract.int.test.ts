import { describeBillingPortContract } from '@bizosaas/domain/testing';
import { seededStripeEmulator, KNOWN_EMAIL, STRIPE_TEST_KEY } from '../../test/emulators/stripe/stripe-emulator.setup.js';
import { createStripeBillingConnector } from './stripe.connector.js';

const unusedDatabase = { query: () => Promise.reject(new Error('Stripe uses no database')), transaction: () => Promise.reject(new Error('Stripe uses no database')) };

describeBillingPortContract('Stripe on its emulator', async () => {
  const emulator = await seededStripeEmulator();
  const connector = createStripeBillingConnector({ allowEmulator: true });
  const connect = (connectionId: string) =>
    connector.createAdapter({ tenantId: 't-contract', connectionId, settings: connector.parseSettings({ baseUrl: emulator.url }), credentials: connector.parseCredentials({ secretKey: STRIPE_TEST_KEY }), sql: unusedDatabase });
  return {
    port: connect('con_stripea'),
    // Same Stripe account, another connection: its ids must mean nothing to the first one.
    otherPort: connect('con_stripeb'),
    knownEmail: KNOWN_EMAIL,
    cleanup: () => emulator.stop(),
  };
});
