import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRODUCT_MAIN, PRODUCT_NODE_FLAGS } from '../scripts/node-flags.js';

describe('the node flags of the product', () => {
  it('are the ones `npm start` runs with, on the bundled entry', () => {
    const manifest: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const start = typeof manifest === 'object' && manifest !== null && 'scripts' in manifest && typeof manifest.scripts === 'object' && manifest.scripts !== null && 'start' in manifest.scripts ? manifest.scripts.start : undefined;
    // `exec`: the shell npm runs the script in becomes node, so a signal npm forwards reaches node (a shell in
    // between would take it, and a SIGTERM to npm alone would leave node running without a parent).
    expect(start).toBe(['exec', 'node', ...PRODUCT_NODE_FLAGS, PRODUCT_MAIN].join(' '));
  });
});
