import type { Platform } from '@bizosaas/platform';
import { buildCrmSchema, createCrmContext } from '@bizosaas/subgraph-crm';
import { startSubgraphServer, type RunningServer } from '@bizosaas/subgraph-kit';

/**
 * The composition root's one list of subgraphs: where each meets the platform (its ports come from the
 * adapter factory). Names match supergraph.yaml.
 */
export const SUBGRAPHS: readonly { name: string; start(platform: Platform, port: number): Promise<RunningServer> }[] = [
  {
    name: 'crm',
    start: (platform, port) =>
      startSubgraphServer({
        name: 'crm',
        schema: buildCrmSchema(),
        host: platform.config.host,
        port,
        signingKey: platform.contextSigningKey,
        logger: platform.logger,
        createContext: async (identity) => createCrmContext({ crmPortFor: (tenantId) => platform.adapters.get(tenantId, 'crm'), events: platform.events }, identity),
      }),
  },
];
