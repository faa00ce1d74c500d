import type { CmsPort, OutboxPort } from '@bizosaas/domain';
import type { BaseContext, ContextClaims } from '@bizosaas/subgraph-kit';
import DataLoader from 'dataloader';
import { ContentService } from './content.service.js';

/** What the content subgraph needs from the outside; the composition root provides it. */
export interface ContentSubgraphDeps {
  cmsPortFor(tenantId: string): Promise<CmsPort>;
  /** Commits each change with its events (the platform's transactional outbox). */
  readonly outbox: OutboxPort;
}

export interface ContentContext extends BaseContext {
  /** The request's content service, built on first use. */
  content(): Promise<ContentService>;
}

export function createContentContext(deps: ContentSubgraphDeps, identity: ContextClaims): ContentContext {
  let service: Promise<ContentService> | undefined;
  return {
    identity,
    content: () =>
      (service ??= deps.cmsPortFor(identity.tenantId).then(
        // Per request and tenant: every Content reference of one response is one getContents batch.
        (port) => new ContentService(port, new DataLoader((ids) => port.getContents(ids)), deps.outbox, identity),
      )),
  };
}
