import { defineConfig } from 'vitest/config';

// Two projects: unit tests (no services) and integration tests (*.int.test.ts: PostgreSQL, Redis, HTTP
// servers on loopback, the whole gateway). `npm test` runs both.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'subgraphs/*/src/**/*.test.ts', 'subgraphs/*/test/**/*.test.ts', 'gateway/src/**/*.test.ts', 'gateway/test/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
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
