import { joinsUnitOfWork, type CommitOptions, type IntentResolver, type OutboxPort, type RecordEvent, type UnitContext } from '@bizosaas/domain';
import { intentMigrationSet, IntentRecovery, migrate, openDatabase, platformMigrationSet, SqlIntentStore, type Database } from '@bizosaas/platform';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TEST_DATABASE_URL } from '../../packages/platform/src/db/database.test-support.js';

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** An event the outbox stored, as the relay would publish it. */
export interface StoredEvent {
  readonly type: string;
  readonly payload: Record<string, unknown>;
}

/**
 * Issue 10's "crash after the upstream call, before completion", for an application service on a real
 * adapter (against an emulator): `outbox` commits the write's intent as the platform's outbox does, lets the
 * change call the provider, and then dies the way a killed process would, before it completes the intent or
 * stores an event. `recover` runs the platform's recovery pass with the product's resolvers, as the next
 * process would. A fresh PostgreSQL schema per lab.
 */
export class IntentCrashLab {
  private constructor(
    private readonly db: Database,
    private readonly schema: string,
    private readonly store: SqlIntentStore,
  ) {}

  static async open(): Promise<IntentCrashLab> {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const db = await openDatabase({ url: TEST_DATABASE_URL, schema });
    await migrate(db, [platformMigrationSet, intentMigrationSet]);
    return new IntentCrashLab(db, schema, new SqlIntentStore(db, 1));
  }

  /** The outbox of a process killed right after the upstream call returned. */
  readonly outbox: OutboxPort = {
    commit: async <T>(change: (record: RecordEvent, unit: UnitContext) => Promise<T>, options: CommitOptions = {}): Promise<T> => {
      const skipped = options.intent === undefined || (options.through !== undefined && joinsUnitOfWork(options.through));
      const begun = skipped || options.intent === undefined ? undefined : await this.store.begin(options.intent);
      await change(() => {}, { idempotencyKey: begun?.idempotencyKey });
      throw new Error('killed after the upstream call, before the intent was completed');
    },
  };

  /** Runs recovery passes (leases already expired) until no intent is pending; how many it settled. */
  async recover(resolvers: readonly IntentResolver[]): Promise<number> {
    await this.db.query(`UPDATE external_intents SET lease_until = now() - interval '1 second' WHERE state = 'pending'`);
    const metrics = { pendingIntents: 0, intentsNeedingReview: 0, intentsRecovered: 0 };
    const recovery = new IntentRecovery({ db: this.db, store: this.store, logger: quiet, onCommitted: () => {}, metrics, intervalMs: 50 });
    recovery.start(resolvers);
    try {
      for (let i = 0; i < 200 && (await this.store.openCounts()).pending > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await recovery.stop();
    }
    return metrics.intentsRecovered;
  }

  /** Intents by state, oldest first. */
  async intents(): Promise<{ operation: string; state: string; lastError: string | null }[]> {
    const result = await this.db.query('SELECT operation, state, last_error FROM external_intents ORDER BY created_at');
    return result.rows.map((row) => ({ operation: String(row.operation), state: String(row.state), lastError: row.last_error === null ? null : String(row.last_error) }));
  }

  /** Events stored in the outbox, in order. */
  async events(): Promise<StoredEvent[]> {
    const result = await this.db.query('SELECT envelope FROM event_outbox ORDER BY seq');
    return result.rows.map((row) => {
      const envelope = typeof row.envelope === 'string' ? JSON.parse(row.envelope) : row.envelope;
      return { type: envelope.type, payload: envelope.payload };
    });
  }

  async close(): Promise<void> {
    await this.db.close();
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    } finally {
      await admin.end();
    }
  }
}
