import { buildSubgraphSchemaFromFile } from '@bizosaas/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import { fileURLToPath } from 'node:url';
import { crmResolvers } from './crm.resolvers.js';

/** The subgraph's SDL file, the same one `supergraph.yaml` composes. */
export const crmSchemaPath = fileURLToPath(new URL('../schema.graphql', import.meta.url));

export function buildCrmSchema(): GraphQLSchema {
  return buildSubgraphSchemaFromFile(crmSchemaPath, crmResolvers);
}
