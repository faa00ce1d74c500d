/**
 * The V8 flags the product runs with: `npm start` (package.json "start" spells them out, a test keeps the two
 * equal), every process of `start:cluster`, the tests that spawn the compiled build and our gateway in
 * `bench:gateway`. Node's default young generation grows to two 16 MB semi-spaces and stays committed
 * while the process idles (~28 MB of the default's RSS for nothing); 4 MB semi-spaces cost no measurable
 * CPU per request (README, "Start-up time and memory").
 */
export const PRODUCT_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

/**
 * The entry `npm start` runs (package.json "start" spells it out, the same test keeps the two equal): the
 * compiled app bundled into a few chunks by scripts/bundle-start.mjs during `npm run build`.
 */
export const PRODUCT_MAIN = 'packages/app/dist/start/main.js';
