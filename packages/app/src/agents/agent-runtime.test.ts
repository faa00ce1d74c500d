import { loadSdkToolCatalogue } from '@bizosaas/subgraph-agents';
import { describe, expect, it } from 'vitest';
import { lazyCatalogue } from './agent-runtime.js';

describe('lazyCatalogue', () => {
  it('builds the catalogue once, when it is first read, and answers what the built one holds', () => {
    let builds = 0;
    const catalogue = lazyCatalogue(() => {
      builds++;
      return loadSdkToolCatalogue();
    });
    expect(builds).toBe(0);
    const tools = catalogue.tools;
    expect(builds).toBe(1);
    expect(tools.size).toBeGreaterThan(0);
    expect(catalogue.schema.getQueryType()?.name).toBe('Query');
    expect(catalogue.tools).toBe(tools);
    expect(builds).toBe(1);
  });
});
