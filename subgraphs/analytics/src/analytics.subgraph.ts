import { buildSubgraphSchemaFromFile } from '@bizosaas/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import { fileURLToPath } from 'node:url';
import { analyticsResolvers } from './analytics.resolvers.js';

/** The subgraph's SDL file, the same one `supergraph.yaml` composes. */
export const analyticsSchemaPath = fileURLToPath(new URL('../schema.graphql', import.meta.url));

export function buildAnalyticsSchema(): GraphQLSchema {
  return buildSubgraphSchemaFromFile(analyticsSchemaPath, analyticsResolvers);
}
