import { describeContract } from './contract-runner.js';
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

export { ContractCaseSkipped } from './contract-runner.js';

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
  describeContract<CrmPortContractSetup, CrmPortContractEnv>(`CrmPort contract: ${name}`, setup, crmPortContractCases, (ready, shared) => ({ port: ready.port, otherPort: ready.otherPort, ...shared }));
}
