/**
 * Test kits for adapters: the contract suites every adapter of a port must pass. Imported only from tests
 * (`@bizosaas/domain/testing`); it depends on vitest, which the domain package lists as an optional peer.
 */
export { describeCrmPortContract, crmPortContractCases, ContractCaseSkipped, type CrmPortContractSetup } from './crm-port.contract.js';
export type { CrmPortContractCase } from './crm-port.contract-contacts.js';
export type { CrmPortContractEnv } from './crm-port.contract-helpers.js';
