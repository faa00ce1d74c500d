import type { BaseContext, ContextClaims } from '@bizosaas/subgraph-kit';
import type { PlatformSubgraphDeps } from './platform.deps.js';
import { PlatformService } from './platform.service.js';
import { PeopleGraphService } from './people.graph-service.js';

export interface PlatformContext extends BaseContext {
  readonly platform: PlatformService;
  readonly people: PeopleGraphService;
}

export function createPlatformContext(deps: PlatformSubgraphDeps, identity: ContextClaims): PlatformContext {
  return { identity, platform: new PlatformService(deps, identity), people: new PeopleGraphService(deps.people, identity) };
}
