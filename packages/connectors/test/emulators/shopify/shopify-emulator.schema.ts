import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { pathToFileURL } from 'node:url';
import { sharedSpec } from '../../shared-specs.js';

/** Shopify's own Admin API 2026-10 schema (the introspection result `@shopify/dev-mcp` ships). */
export const SHOPIFY_ADMIN_SCHEMA_FILE = pathToFileURL(sharedSpec('shopify/admin_2026-10.json.gz'));

let cached: GraphQLSchema | undefined;

/** The Admin schema, built once per process (about a second: it has 3,500 types). */
export function shopifyAdminSchema(): GraphQLSchema {
  if (cached) return cached;
  const json: unknown = JSON.parse(gunzipSync(readFileSync(SHOPIFY_ADMIN_SCHEMA_FILE)).toString('utf8'));
  if (typeof json !== 'object' || json === null || !('data' in json) || typeof json.data !== 'object' || json.data === null || !('__schema' in json.data)) {
    throw new Error(`${SHOPIFY_ADMIN_SCHEMA_FILE.pathname} is not an introspection result`);
  }
  // The file is trusted test input with the shape checked above; buildClientSchema validates the rest.
  cached = buildClientSchema(json.data as unknown as IntrospectionQuery, { assumeValid: false });
  return cached;
}
