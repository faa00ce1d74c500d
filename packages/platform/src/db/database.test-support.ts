import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openDatabase, type Database } from './database.js';

/** What a suite gets: the database under test and a way to open a second, independent client on it. */
export interface EngineContext {
  readonly db: Database;
  /** The engine's connection string (for a child process to open the same schema). */
  readonly url: string;
  /** A second pool on the same schema. */
  openPeer(): Promise<Database>;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The servers the platform runs on: the embedded one (started once per integration run) and an external one. */
export const TEST_ENGINES = ['embedded', 'postgres'] as const;
export type TestEngineName = (typeof TEST_ENGINES)[number];

/** Connection string of a test engine; `embedded` exists only in the `integration` project (its global setup). */
export function testEngineUrl(engine: TestEngineName): string {
  return engine === 'embedded' ? inject('embeddedDatabaseUrl') : TEST_DATABASE_URL;
}

/**
 * Runs `body` once per engine, each time in a fresh random schema dropped afterwards. `context()` is valid
 * inside tests and hooks.
 */
export function describeOnEachEngine(title: string, body: (context: () => EngineContext) => void): void {
  for (const engine of TEST_ENGINES) {
    describe(`${title} [${engine}]`, () => {
      const schema = `test_${randomBytes(6).toString('hex')}`;
      const opened: Database[] = [];
      beforeAll(async () => {
        opened.push(await openDatabase({ url: testEngineUrl(engine), schema }));
      });
      afterAll(async () => {
        await Promise.all(opened.map((d) => d.close()));
        const admin = new pg.Client({ connectionString: testEngineUrl(engine) });
        await admin.connect();
        try {
          await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await admin.end();
        }
      });
      body(() => ({
        db: required(opened[0]),
        url: testEngineUrl(engine),
        openPeer: async () => {
          const peer = await openDatabase({ url: testEngineUrl(engine), schema });
          opened.push(peer);
          return peer;
        },
      }));
    });
  }
}

function required(db: Database | undefined): Database {
  if (db === undefined) throw new Error('the database is opened in beforeAll; use context() inside tests and hooks');
  return db;
}
