import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { parse, printSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** One subgraph as `supergraph.yaml` lists it. */
export interface SubgraphEntry {
  readonly name: string;
  readonly routingUrl: string;
  readonly schemaFile: string;
}

/** Reads a Rover-format supergraph config. Raises an Error naming the bad entry. */
export function readSupergraphConfig(configPath: string): SubgraphEntry[] {
  const document: unknown = parseYaml(readFileSync(configPath, 'utf8'));
  const subgraphs = isRecord(document) && isRecord(document.subgraphs) ? document.subgraphs : undefined;
  if (!subgraphs) throw new Error(`${configPath}: expected a "subgraphs" map`);
  return Object.entries(subgraphs).map(([name, entry]) => {
    const routingUrl = isRecord(entry) ? entry.routing_url : undefined;
    const schema = isRecord(entry) && isRecord(entry.schema) ? entry.schema.file : undefined;
    if (typeof routingUrl !== 'string' || typeof schema !== 'string') {
      throw new Error(`${configPath}: subgraph "${name}" needs routing_url and schema.file`);
    }
    return { name, routingUrl, schemaFile: resolve(dirname(configPath), schema) };
  });
}

/**
 * Composes the subgraphs into a supergraph SDL. Raises an Error listing every composition error, so a
 * schema change that does not compose fails `npm run compose` and `npm test`.
 */
export function composeSupergraph(entries: readonly SubgraphEntry[]): string {
  const result = composeServices(
    entries.map((entry) => ({ name: entry.name, url: entry.routingUrl, typeDefs: parse(readFileSync(entry.schemaFile, 'utf8')) })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}

/**
 * The client-facing API schema of a supergraph SDL: what a client of the gateway can query, without the
 * join__/link__ machinery, @inaccessible elements or federation directives. Raises an Error when the SDL
 * is not a valid supergraph.
 */
export function apiSchemaFromSupergraph(supergraphSdl: string): string {
  return `${printSchema(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema()).trimEnd()}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
