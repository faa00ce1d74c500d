import type { DomainEvent, OutboxPort, RecordEvent } from '@bizosaas/domain';
import type { AmbientTransactions } from './ambient-transaction.js';
import { encodeEnvelope } from '../events/redis-stream-codec.js';

/**
 * The outbox on the platform database: `commit` runs the change in a transaction that the sandbox
 * connectors' writes join (through `AmbientTransactions.client`) and inserts the recorded events into
 * `event_outbox` before committing. `onCommitted` wakes the relay so events leave without waiting for
 * its next poll.
 *
 * An external provider's write cannot join a PostgreSQL transaction: no transaction is held during its
 * call (the unit opens one at its first query), and its events are committed in a short transaction once
 * the call succeeded; a crash between the provider's answer and that commit still loses the event (see
 * README, "Events never lost").
 */
export class SqlOutbox implements OutboxPort {
  constructor(
    private readonly transactions: AmbientTransactions,
    private readonly onCommitted: () => void = () => {},
  ) {}

  async commit<T>(change: (record: RecordEvent) => Promise<T>): Promise<T> {
    let recorded = 0;
    const result = await this.transactions.run(async (unit) => {
      const events: DomainEvent[] = [];
      const value = await change((event) => events.push(event));
      if (events.length > 0) {
        const tx = await unit.open();
        for (const event of events) {
          await tx.query('INSERT INTO event_outbox (id, tenant_id, type, envelope) VALUES ($1, $2, $3, $4)', [event.id, event.tenantId, event.type, encodeEnvelope(event)]);
        }
      }
      recorded = events.length;
      return value;
    });
    if (recorded > 0) this.onCommitted();
    return result;
  }
}
