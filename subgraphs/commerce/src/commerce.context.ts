import type { BillingPort, CommercePort, OutboxPort } from '@bizosaas/domain';
import type { BaseContext, ContextClaims } from '@bizosaas/subgraph-kit';
import { BillingService } from './billing.service.js';
import { createBillingLoaders, createCommerceLoaders } from './commerce.loaders.js';
import { CommerceService } from './commerce.service.js';

/** What the commerce subgraph needs from the outside; the composition root provides it. */
export interface CommerceSubgraphDeps {
  commercePortFor(tenantId: string): Promise<CommercePort>;
  billingPortFor(tenantId: string): Promise<BillingPort>;
  /** Commits each change with its events (the platform's transactional outbox). */
  readonly outbox: OutboxPort;
}

export interface CommerceContext extends BaseContext {
  /** Built on first use, each on its own: a tenant with a shop but no billing still gets its orders. */
  commerce(): Promise<CommerceService>;
  billing(): Promise<BillingService>;
}

export function createCommerceContext(deps: CommerceSubgraphDeps, identity: ContextClaims): CommerceContext {
  let commerce: Promise<CommerceService> | undefined;
  let billing: Promise<BillingService> | undefined;
  return {
    identity,
    commerce: () =>
      (commerce ??= deps.commercePortFor(identity.tenantId).then((port) => new CommerceService(port, createCommerceLoaders(port), deps.outbox, identity))),
    billing: () => (billing ??= deps.billingPortFor(identity.tenantId).then((port) => new BillingService(port, createBillingLoaders(port), identity, deps.outbox))),
  };
}
