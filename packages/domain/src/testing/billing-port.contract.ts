import { afterAll, beforeAll, describe, it } from 'vitest';
import type { BillingPort } from '../billing/billing.port.js';
import { billingCases, type BillingPortContractCase, type BillingPortContractEnv } from './billing-port.contract-cases.js';
import { ContractCaseSkipped } from './crm-port.contract.js';

/** What a billing contract setup hands the suite. */
export interface BillingPortContractSetup {
  readonly port: BillingPort;
  /** A second connection to the same account, for the tenant-isolation case; optional. */
  readonly otherPort?: BillingPort;
  /** An email with at least one invoice (the port cannot create invoices). */
  readonly knownEmail: string;
  /** Runs once after the suite (close databases, stop emulators). */
  readonly cleanup?: () => Promise<void>;
}

/** Every case of the billing port contract, for suites that run one case against a deliberately broken port. */
export const billingPortContractCases: readonly BillingPortContractCase[] = billingCases;

/**
 * The billing port contract: every `BillingPort` adapter (sandbox, Stripe...) must pass it.
 *
 * The port cannot create invoices or subscriptions, so the setup must seed an account with at least two
 * invoices (one of them for `knownEmail`) and at least three subscriptions that are neither canceled nor
 * ending at period end; the cancellation cases consume them. `setup` runs once per suite.
 */
export function describeBillingPortContract(name: string, setup: () => Promise<BillingPortContractSetup>): void {
  describe(`BillingPort contract: ${name}`, () => {
    let ready: BillingPortContractSetup | undefined;
    const nonce = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

    beforeAll(async () => {
      ready = await setup();
    });
    afterAll(async () => {
      await ready?.cleanup?.();
    });

    for (const contractCase of billingPortContractCases) {
      it(contractCase.name, async (context) => {
        if (ready === undefined) throw new Error('the contract setup did not complete');
        const env: BillingPortContractEnv = {
          port: ready.port,
          otherPort: ready.otherPort,
          knownEmail: ready.knownEmail,
          nonce,
          skip(reason: string): never {
            context.skip(reason);
            // context.skip throws; this line only satisfies `never` should that ever change.
            throw new ContractCaseSkipped(reason);
          },
        };
        await contractCase.run(env);
      });
    }
  });
}
