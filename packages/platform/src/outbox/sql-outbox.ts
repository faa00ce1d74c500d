import { ConnectorError, DomainError, joinsUnitOfWork, type CommitOptions, type DomainEvent, type ExternalIntent, type OutboxPort, type RecordEvent, type SqlClient, type UnitContext } from '@bizosaas/domain';
import type { AmbientTransactions } from './ambient-transaction.js';
import { encodeEnvelope } from '../events/redis-stream-codec.js';
import type { SqlIntentStore } from './intents/sql-intent-store.js';

/** Connector errors that say the provider refused the write, so it had no effect. */
const REFUSED: ReadonlySet<string> = new Set(['unauthorized', 'invalid_request', 'rejected', 'conflict', 'not_found', 'rate_limited', 'misconfigured', 'not_supported']);

/**
 * The outbox on the platform database: `commit` runs the change in a transaction that the sandbox
 * connectors' writes join (through `AmbientTransactions.client`) and inserts the recorded events into
 * `event_outbox` before committing. `onCommitted` wakes the relay so events leave without waiting for
 * its next poll.
 *
 * An external provider's write cannot join a PostgreSQL transaction, so a change given an intent first
 * commits the intent (`external_intents`), then calls the provider (no transaction is held meanwhile: the
 * unit opens one at its first query), then completes the intent and stores the events in one transaction.
 * A crash in between leaves a pending intent that `IntentRecovery` settles. A change that writes through an
 * adapter joining the transaction (`joinsUnitOfWork`, the sandbox connectors) records no intent.
 */
export class SqlOutbox implements OutboxPort {
  constructor(
    private readonly transactions: AmbientTransactions,
    private readonly onCommitted: () => void = () => {},
    private readonly intents?: SqlIntentStore,
  ) {}

  async commit<T>(change: (record: RecordEvent, unit: UnitContext) => Promise<T>, options: CommitOptions = {}): Promise<T> {
    // A sandbox adapter's writes join this unit's transaction: there is nothing an intent could settle.
    const joins = options.through !== undefined && joinsUnitOfWork(options.through);
    const intent = options.intent !== undefined && !joins ? await this.begin(options.intent) : undefined;
    let recorded = 0;
    try {
      const result = await this.transactions.run(async (unit) => {
        const events: DomainEvent[] = [];
        const value = await change((event) => events.push(event), { idempotencyKey: intent?.idempotencyKey });
        if (!intent && events.length === 0) return value;
        const tx = await unit.open();
        // The recovery pass may have completed the intent already (a call that outlived its lease).
        const store = intent ? await intent.complete(tx) : true;
        if (store) await insertEvents(tx, events);
        recorded = store ? events.length : 0;
        return value;
      });
      if (recorded > 0) this.onCommitted();
      return result;
    } catch (error) {
      if (intent) await this.settleFailed(intent.id, error);
      throw error;
    }
  }

  private async begin(intent: ExternalIntent) {
    const intents = this.intents;
    if (!intents) return undefined;
    const { id, idempotencyKey } = await intents.begin(intent);
    return { id, idempotencyKey, complete: (tx: SqlClient) => intents.complete(tx, id) };
  }

  /** A refused write is settled at once; an unknown outcome is left to the next recovery pass. */
  private async settleFailed(id: string, error: unknown): Promise<void> {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const refused = error instanceof DomainError || (error instanceof ConnectorError && REFUSED.has(error.code));
    try {
      if (refused) await this.intents?.abandon(id, reason);
      else await this.intents?.expireLease(id, reason);
    } catch {
      // The database is failing too: the intent stays pending and its lease runs out by itself.
    }
  }
}

/** Stores events in the unit's transaction (the relay publishes them). */
export async function insertEvents(tx: SqlClient, events: readonly DomainEvent[]): Promise<void> {
  for (const event of events) {
    await tx.query('INSERT INTO event_outbox (id, tenant_id, type, envelope) VALUES ($1, $2, $3, $4)', [event.id, event.tenantId, event.type, encodeEnvelope(event)]);
  }
}
