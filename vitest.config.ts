import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// graphql 16 ships CJS (main) and ESM (module) builds. Node, and so `npm start`, loads the CJS one for
// Apollo and for our code alike; Vite would pick the ESM one for our sources only, giving two graphql
// instances whose classes fail each other's instanceof checks. Pin tests to what production loads.
const graphqlMain = createRequire(import.meta.url).resolve('graphql');

// Workspace packages export their TypeScript sources under the `bizosaas-source` condition and compiled
// JavaScript (dist/, built by `npm run build`) otherwise: tests run the sources, `npm start` the build.
// Listing conditions replaces the defaults, so Vitest's own server defaults (Vite's without `module`) follow
// ours; Vitest also hands them to its workers as node --conditions.
const conditions = ['bizosaas-source', 'node', 'development|production'];

// Two projects: unit tests (no services) and integration tests (*.int.test.ts: PostgreSQL, Redis, HTTP
// servers on loopback, the whole gateway). `npm test` runs both.
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlMain }] },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'subgraphs/*/src/**/*.test.ts', 'subgraphs/*/test/**/*.test.ts', 'gateway/src/**/*.test.ts', 'gateway/test/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          // One embedded PostgreSQL for the run: the default database of `npm start`, tested as such.
          globalSetup: ['packages/platform/test/embedded-postgres.global-setup.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Integration suites start servers and databases; run files one at a time on 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
