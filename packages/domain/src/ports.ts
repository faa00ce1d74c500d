import type { AnalyticsPort } from './analytics/analytics.port.js';
import type { BillingPort } from './billing/billing.port.js';
import type { CommercePort } from './commerce/commerce.port.js';
import type { CmsPort } from './content/cms.port.js';
import type { CrmPort } from './crm/crm.port.js';
import type { LlmPort } from './llm/llm.port.js';
import type { EmailMarketingPort } from './marketing/email-marketing.port.js';
import type { MessagingPort } from './messaging/messaging.port.js';

/** The capability ports a tenant connects a provider to. A tenant has at most one active connection per port. */
export interface PortTypes {
  cms: CmsPort;
  crm: CrmPort;
  commerce: CommercePort;
  analytics: AnalyticsPort;
  billing: BillingPort;
  emailMarketing: EmailMarketingPort;
  messaging: MessagingPort;
  llm: LlmPort;
}

export type PortName = keyof PortTypes;

export const PORT_NAMES: readonly PortName[] = ['cms', 'crm', 'commerce', 'analytics', 'billing', 'emailMarketing', 'messaging', 'llm'];

export function isPortName(value: string): value is PortName {
  return (PORT_NAMES as readonly string[]).includes(value);
}
