import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type Database } from './database.js';

/** What a suite gets: the database under test and a way to open a second, independent client on it. */
export interface EngineContext {
  readonly db: Database;
  /** A second pool on the same schema (PostgreSQL), or the same single-session engine (PGlite). */
  openPeer(): Promise<Database>;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Runs `body` twice: on an in-memory PGlite and on the PostgreSQL server at TEST_DATABASE_URL, the latter
 * in a fresh random schema dropped afterwards. `context()` is valid inside tests and hooks.
 */
export function describeOnEachEngine(title: string, body: (context: () => EngineContext) => void): void {
  describe(`${title} [pglite]`, () => {
    let db: Database | undefined;
    beforeAll(async () => {
      db = await openDatabase({});
    });
    afterAll(async () => {
      await db?.close();
    });
    body(() => {
      const current = required(db);
      // PGlite is one session: the "peer" is the same engine, and closing it must not close the original.
      return { db: current, openPeer: async () => ({ ...current, close: async () => {} }) };
    });
  });

  describe(`${title} [postgres]`, () => {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const opened: Database[] = [];
    beforeAll(async () => {
      opened.push(await openDatabase({ url: TEST_DATABASE_URL, schema }));
    });
    afterAll(async () => {
      await Promise.all(opened.map((d) => d.close()));
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      try {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await admin.end();
      }
    });
    body(() => ({
      db: required(opened[0]),
      openPeer: async () => {
        const peer = await openDatabase({ url: TEST_DATABASE_URL, schema });
        opened.push(peer);
        return peer;
      },
    }));
  });
}

function required(db: Database | undefined): Database {
  if (db === undefined) throw new Error('the database is opened in beforeAll; use context() inside tests and hooks');
  return db;
}
