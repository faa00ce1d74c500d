import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/db/embedded/embedded-postgres.server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The embedded PostgreSQL this integration run started (tests take a fresh schema each). */
    embeddedDatabaseUrl: string;
  }
}

/**
 * One embedded PostgreSQL per integration run, in a throwaway DATA_DIR: the tests that ran on the old
 * embedded default (PGlite) run on the real embedded server, each in its own schema, so parallel runs of
 * other engineers never meet.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bizosaas-embedded-pg-'));
  const server = await startEmbeddedPostgres({ dataDir });
  project.provide('embeddedDatabaseUrl', server.url);
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
