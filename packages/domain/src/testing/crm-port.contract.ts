import { afterAll, beforeAll, describe, it } from 'vitest';
import type { CrmPort } from '../crm/crm.port.js';
import { contactCases, type CrmPortContractCase } from './crm-port.contract-contacts.js';
import { dealCases } from './crm-port.contract-deals.js';
import type { CrmPortContractEnv } from './crm-port.contract-helpers.js';

/** What a contract setup hands the suite. */
export interface CrmPortContractSetup {
  readonly port: CrmPort;
  /** A second connection to the same provider account, for the tenant-isolation case; optional. */
  readonly otherPort?: CrmPort;
  /** Runs once after the suite (close databases, stop emulators). */
  readonly cleanup?: () => Promise<void>;
}

/** Every case of the CRM port contract, for suites that run one case against a deliberately broken port. */
export const crmPortContractCases: readonly CrmPortContractCase[] = [...contactCases, ...dealCases];

/** Raised by `env.skip` outside vitest's `it` (when a case is run directly). */
export class ContractCaseSkipped extends Error {
  override readonly name = 'ContractCaseSkipped';
}

/**
 * The CRM port contract: every `CrmPort` adapter (sandbox, HubSpot, Zoho...) must pass it.
 *
 * The suite relies on the port interface alone. It creates the contacts and deals it needs through the
 * port and never assumes an empty CRM; what it does need from the setup is one pipeline with at least two
 * stages (the port cannot create pipelines). Companies cannot be created through the port either, so the
 * company cases use whatever `listCompanies` answers and skip when there are fewer than two.
 * `setup` runs once per suite; its `cleanup` after the last case.
 */
export function describeCrmPortContract(name: string, setup: () => Promise<CrmPortContractSetup>): void {
  describe(`CrmPort contract: ${name}`, () => {
    let ready: CrmPortContractSetup | undefined;
    const nonce = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

    beforeAll(async () => {
      ready = await setup();
    });
    afterAll(async () => {
      await ready?.cleanup?.();
    });

    for (const contractCase of crmPortContractCases) {
      it(contractCase.name, async (context) => {
        if (ready === undefined) throw new Error('the contract setup did not complete');
        const env: CrmPortContractEnv = {
          port: ready.port,
          otherPort: ready.otherPort,
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
