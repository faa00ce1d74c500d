import { generate } from '@graphql-codegen/cli';
import { composeSupergraph, readSupergraphConfig } from '@bizosaas/gateway/composition';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiSchemaFromSupergraph } from '../gateway/src/composition.js';
import codegenConfig from '../codegen.js';

const root = resolve(import.meta.dirname, '..');

// Generated code is committed; these fail when it no longer matches its sources.
describe('generated artifacts', () => {
  it('supergraph.graphql is what supergraph.yaml composes to (run `npm run compose`)', () => {
    const composed = composeSupergraph(readSupergraphConfig(resolve(root, 'supergraph.yaml')));
    expect(readFileSync(resolve(root, 'supergraph.graphql'), 'utf8')).toBe(composed);
  });

  it('packages/sdk/schema.graphql is the API schema of supergraph.graphql (run `npm run compose`)', () => {
    const api = apiSchemaFromSupergraph(readFileSync(resolve(root, 'supergraph.graphql'), 'utf8'));
    expect(api).not.toMatch(/join__|link__|@link|@join/);
    expect(readFileSync(resolve(root, 'packages/sdk/schema.graphql'), 'utf8')).toBe(api);
  });

  it('supergraph.yaml lists exactly the subgraphs/ folders', () => {
    const listed = readSupergraphConfig(resolve(root, 'supergraph.yaml')).map((entry) => entry.name).sort();
    const folders = readdirSync(resolve(root, 'subgraphs'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(listed).toEqual(folders);
  });

  it('codegen output is up to date (run `npm run codegen`)', async () => {
    const outputs: { filename: string; content: string }[] = await generate({ ...codegenConfig, cwd: root }, false);
    expect(outputs.length).toBeGreaterThan(0);
    expect(outputs.map((output) => output.filename)).toContain('packages/sdk/src/__generated__/sdk.ts');
    for (const output of outputs) {
      expect(readFileSync(resolve(root, output.filename), 'utf8'), `${output.filename} is stale`).toBe(output.content);
    }
  }, 60_000);
});
