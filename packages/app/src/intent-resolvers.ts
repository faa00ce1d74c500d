import type { IntentResolver } from '@bizosaas/domain';
import type { Platform } from '@bizosaas/platform';
import { createOutreachIntentResolvers } from '@bizosaas/subgraph-agents';
import { createBillingIntentResolvers, createCommerceIntentResolvers } from '@bizosaas/subgraph-commerce';
import { createContentIntentResolvers } from '@bizosaas/subgraph-content';
import { createCrmIntentResolvers } from '@bizosaas/subgraph-crm';

/**
 * THE list of intent resolvers (one per external write that records an intent): the recovery pass settles
 * what a crash left pending with them. A new intent-recording write adds its resolvers here.
 */
export function intentResolvers(platform: Platform): IntentResolver[] {
  return [
    ...createCrmIntentResolvers({ crmPortFor: (tenantId) => platform.adapters.get(tenantId, 'crm') }),
    ...createBillingIntentResolvers({ billingPortFor: (tenantId) => platform.adapters.get(tenantId, 'billing') }),
    ...createCommerceIntentResolvers({ commercePortFor: (tenantId) => platform.adapters.get(tenantId, 'commerce') }),
    ...createContentIntentResolvers({ cmsPortFor: (tenantId) => platform.adapters.get(tenantId, 'cms') }),
    ...createOutreachIntentResolvers({
      emailMarketingPortFor: (tenantId) => platform.adapters.get(tenantId, 'emailMarketing'),
      messagingPortFor: (tenantId) => platform.adapters.get(tenantId, 'messaging'),
    }),
  ];
}

/** Starts the recovery pass where outbox rows are written, next to the relay. */
export function startIntentRecovery(platform: Platform): void {
  platform.intentRecovery.start(intentResolvers(platform));
}
