import type { CrmPort, OutboxPort } from '@bizosaas/domain';
import type { BaseContext, ContextClaims } from '@bizosaas/subgraph-kit';
import { createCrmLoaders } from './crm.loaders.js';
import { CrmService } from './crm.service.js';

/** What the crm subgraph needs from the outside; the composition root provides it. */
export interface CrmSubgraphDeps {
  /** The tenant's CRM adapter (from the platform's adapter factory). */
  crmPortFor(tenantId: string): Promise<CrmPort>;
  /** Commits each change with its events (the platform's transactional outbox). */
  readonly outbox: OutboxPort;
}

export interface CrmContext extends BaseContext {
  /** The request's CRM service, built on first use (a request that needs no CRM touches no adapter). */
  crm(): Promise<CrmService>;
}

export function createCrmContext(deps: CrmSubgraphDeps, identity: ContextClaims): CrmContext {
  let service: Promise<CrmService> | undefined;
  return {
    identity,
    crm: () =>
      (service ??= deps.crmPortFor(identity.tenantId).then((port) => new CrmService(port, createCrmLoaders(port), deps.outbox, identity))),
  };
}
