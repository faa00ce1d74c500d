import { describeContract } from './contract-runner.js';
import type { BillingPort } from '../billing/billing.port.js';
import { billingCases, type BillingPortContractCase, type BillingPortContractEnv } from './billing-port.contract-cases.js';

/** What a billing contract setup hands the suite. */
export interface BillingPortContractSetup {
  readonly port: BillingPort;
  /** A second connection to the same account, for the tenant-isolation case; optional. */
  readonly otherPort?: BillingPort;
  /** An email with at least one invoice (seeded: a provider may lack createInvoice). */
  readonly knownEmail: string;
  /** Runs once after the suite (close databases, stop emulators). */
  readonly cleanup?: () => Promise<void>;
}

/** Every case of the billing port contract, for suites that run one case against a deliberately broken port. */
export const billingPortContractCases: readonly BillingPortContractCase[] = billingCases;

/**
 * The billing port contract: every `BillingPort` adapter (sandbox, Stripe...) must pass it.
 *
 * The port cannot create subscriptions (and not every provider creates invoices), so the setup must seed an account with at least two
 * invoices (one of them for `knownEmail`) and at least three subscriptions that are neither canceled nor
 * ending at period end; the cancellation cases consume them. `setup` runs once per suite.
 */
export function describeBillingPortContract(name: string, setup: () => Promise<BillingPortContractSetup>): void {
  describeContract<BillingPortContractSetup, BillingPortContractEnv>(`BillingPort contract: ${name}`, setup, billingPortContractCases, (ready, shared) => ({ port: ready.port, otherPort: ready.otherPort, knownEmail: ready.knownEmail, ...shared }));
}
