/**
 * Test kits for adapters: the contract suites every adapter of a port must pass. Imported only from tests
 * (`@bizosaas/domain/testing`); it depends on vitest, which the domain package lists as an optional peer.
 */
export { describeCrmPortContract, crmPortContractCases, ContractCaseSkipped, type CrmPortContractSetup } from './crm-port.contract.js';
export type { CrmPortContractCase } from './crm-port.contract-contacts.js';
export type { CrmPortContractEnv } from './crm-port.contract-helpers.js';
export { describeCmsPortContract, cmsPortContractCases, type CmsPortContractSetup } from './cms-port.contract.js';
export type { CmsPortContractCase, CmsPortContractEnv } from './cms-port.contract-helpers.js';
export { describeAnalyticsPortContract, analyticsPortContractCases, type AnalyticsPortContractSetup } from './analytics-port.contract.js';
export type { AnalyticsPortContractCase, AnalyticsPortContractEnv, AnalyticsKnownData } from './analytics-port.contract-helpers.js';
export { describeCommercePortContract, commercePortContractCases, type CommercePortContractSetup } from './commerce-port.contract.js';
export type { CommercePortContractCase, CommercePortContractEnv } from './commerce-port.contract-helpers.js';
export { describeBillingPortContract, billingPortContractCases, type BillingPortContractSetup } from './billing-port.contract.js';
export type { BillingPortContractCase, BillingPortContractEnv } from './billing-port.contract-cases.js';
export { describeEmailMarketingPortContract, emailMarketingPortContractCases, type EmailMarketingPortContractSetup } from './email-marketing-port.contract.js';
export type { EmailMarketingPortContractCase, EmailMarketingPortContractEnv } from './email-marketing-port.contract-cases.js';
export { describeMessagingPortContract, messagingPortContractCases, type MessagingPortContractSetup } from './messaging-port.contract.js';
export type { MessagingPortContractCase, MessagingPortContractEnv } from './messaging-port.contract-cases.js';
export { describeLlmPortContract, llmPortContractCases, type LlmPortContractSetup } from './llm-port.contract.js';
export type { LlmPortContractCase, LlmPortContractEnv } from './llm-port.contract-cases.js';
export { describeEventBusContract, eventBusContractCases, type EventBusContractCase, type EventBusContractEnv, type EventBusContractSetup, type FailedHandlerPolicy } from './event-bus.contract.js';
export { describeWorkflowEngineContract, workflowEngineContractCases, type WorkflowEngineContractSetup } from './workflow-engine.contract.js';
export { CONTRACT_WORKFLOWS, contractWorkflows, probeOf } from './workflow-engine.contract-workflows.js';
