import { buildSubgraphSchemaFromFile } from '@bizosaas/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import { fileURLToPath } from 'node:url';
import { agentsResolvers } from './agents.resolvers.js';

/** The subgraph's SDL file, the same one `supergraph.yaml` composes. */
export const agentsSchemaPath = fileURLToPath(new URL('../schema.graphql', import.meta.url));

export function buildAgentsSchema(): GraphQLSchema {
  return buildSubgraphSchemaFromFile(agentsSchemaPath, agentsResolvers);
}
