import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildToolCatalogue, type ToolCatalogue } from './tool-catalogue.js';

/** The typed SDK's folder: its API schema and its operation documents are the tool catalogue's source. */
export const SDK_DIR = fileURLToPath(new URL('../../../../packages/sdk', import.meta.url));

/** Reads packages/sdk/schema.graphql and operations/*.graphql and builds the catalogue from them. */
export function loadSdkToolCatalogue(sdkDir: string = SDK_DIR): ToolCatalogue {
  const operationsDir = join(sdkDir, 'operations');
  const sources = readdirSync(operationsDir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(join(operationsDir, name), 'utf8'));
  return buildToolCatalogue(readFileSync(join(sdkDir, 'schema.graphql'), 'utf8'), sources);
}
