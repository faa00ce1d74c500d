import type { AnalyticsPort } from '@bizosaas/domain';
import type { BaseContext, ContextClaims } from '@bizosaas/subgraph-kit';
import { AnalyticsService } from './analytics.service.js';

/** What the analytics subgraph needs from the outside; the composition root provides it. */
export interface AnalyticsSubgraphDeps {
  analyticsPortFor(tenantId: string): Promise<AnalyticsPort>;
  /** The clock default date ranges are computed from. */
  now(): Date;
}

export interface AnalyticsContext extends BaseContext {
  analytics(): Promise<AnalyticsService>;
}

export function createAnalyticsContext(deps: AnalyticsSubgraphDeps, identity: ContextClaims): AnalyticsContext {
  let service: Promise<AnalyticsService> | undefined;
  return {
    identity,
    analytics: () => (service ??= deps.analyticsPortFor(identity.tenantId).then((port) => new AnalyticsService(port, deps.now))),
  };
}
