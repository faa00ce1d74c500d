import { StripeEmulator } from './stripe-emulator.js';

/** Test wiring shared by the Stripe integration tests: an emulator with a small billing account. */

export const STRIPE_TEST_KEY = 'sk_test_emulator0123456789abcdef';
export const KNOWN_EMAIL = 'Ada.Lovelace@Example.org';

/**
 * Three customers (one with two invoices, one deleted-email customer without), four invoices in three
 * currencies, five live subscriptions (one priced without a nickname, so its plan name comes from the
 * product) and one already canceled.
 */
export async function seededStripeEmulator(): Promise<StripeEmulator> {
  const emulator = await new StripeEmulator(STRIPE_TEST_KEY).start();
  const s = emulator.store;
  const ada = s.addCustomer(KNOWN_EMAIL, 'Ada Lovelace');
  const grace = s.addCustomer('grace@example.org', 'Grace Hopper');
  const nobody = s.addCustomer(null, 'No Email Ltd');
  s.addInvoice(ada, { total: 4200, currency: 'eur', status: 'paid' });
  s.addInvoice(grace, { total: 150000, currency: 'jpy', status: 'open' });
  s.addInvoice(ada, { total: 999, currency: 'eur', status: 'open', amountDue: 500 });
  s.addInvoice(nobody, { total: 12345, currency: 'kwd', status: 'uncollectible' });
  const pro = s.addProduct('Pro');
  const team = s.addProduct('Team');
  s.addSubscription(ada, { product: pro, unitAmount: 2900, currency: 'eur', interval: 'month', nickname: 'Pro monthly' });
  s.addSubscription(grace, { product: team, unitAmount: 99000, currency: 'usd', interval: 'year' });
  s.addSubscription(ada, { product: team, unitAmount: 9900, currency: 'eur', interval: 'month', status: 'trialing' });
  s.addSubscription(nobody, { product: pro, unitAmount: 2900, currency: 'eur', interval: 'month', nickname: 'Pro monthly', status: 'past_due' });
  s.addSubscription(grace, { product: pro, unitAmount: 29000, currency: 'usd', interval: 'year', nickname: 'Pro yearly' });
  s.addSubscription(grace, { product: pro, unitAmount: 2900, currency: 'usd', interval: 'month', nickname: 'Pro monthly', status: 'canceled' });
  return emulator;
}
