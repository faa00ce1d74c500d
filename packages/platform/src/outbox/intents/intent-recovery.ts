import { UndecidableWriteError, type DomainEvent, type IntentResolver, type PendingIntent, type SqlClient } from '@bizosaas/domain';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage, type EventBusLogger } from '../../events/redis-connection.js';
import { insertEvents } from '../sql-outbox.js';
import type { SqlIntentStore } from './sql-intent-store.js';

export interface IntentRecoveryOptions {
  readonly db: SqlClient;
  readonly store: SqlIntentStore;
  readonly logger: EventBusLogger;
  /** Wakes the relay when a pass stored events. */
  readonly onCommitted: () => void;
  /** `pendingIntents`, `intentsNeedingReview` and `intentsRecovered` are kept here (GET /metrics). */
  readonly metrics?: { pendingIntents: number; intentsNeedingReview: number; intentsRecovered: number };
  /** Time between passes. Default: half the lease, at most 10 s. */
  readonly intervalMs?: number;
}

/** Intents taken per pass. */
const BATCH = 20;
/** Settled intents older than the store keeps are deleted this often. */
const PURGE_EVERY_MS = 60 * 60 * 1000;

/**
 * Settles the intents a crash (or an upstream call of unknown outcome) left pending, once their lease ran
 * out: each goes to the resolver of its operation, which re-sends the write with the intent's idempotency
 * key or looks its effect up at the provider. "Took effect" stores its events and completes the intent in
 * one transaction; "no effect" settles it without events. A resolver that cannot tell yet (provider down)
 * leaves the intent pending for a later pass; one that never can (`UndecidableWriteError`) sets it aside
 * as `needs_review`, logged once as an error and counted in /metrics, for a person to check at the
 * provider. Runs at start-up and then every `intervalMs`.
 */
export class IntentRecovery {
  private readonly stopper = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  private resolvers = new Map<string, IntentResolver>();
  private readonly unknownOperations = new Set<string>();
  private readonly intervalMs: number;

  constructor(private readonly o: IntentRecoveryOptions) {
    this.intervalMs = o.intervalMs ?? Math.min(10_000, Math.max(200, (o.store.leaseSeconds * 1000) / 2));
  }

  /** Starts the passes with the composition root's resolvers (one per operation). */
  start(resolvers: readonly IntentResolver[]): void {
    this.resolvers = new Map(resolvers.map((resolver) => [resolver.operation, resolver]));
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.loop;
  }

  /** One pass; returns how many intents it settled. */
  async pass(): Promise<number> {
    let settled = 0;
    for (const intent of await this.o.store.claim(BATCH)) {
      if (this.stopper.signal.aborted) break;
      if (await this.settle(intent)) settled += 1;
    }
    if (this.o.metrics) {
      this.o.metrics.intentsRecovered += settled;
      const open = await this.o.store.openCounts();
      this.o.metrics.pendingIntents = open.pending;
      this.o.metrics.intentsNeedingReview = open.needsReview;
    }
    return settled;
  }

  private async run(): Promise<void> {
    let purgedAt = Number.NEGATIVE_INFINITY;
    while (!this.stopper.signal.aborted) {
      if (Date.now() - purgedAt >= PURGE_EVERY_MS) {
        purgedAt = Date.now();
        await this.o.store.purgeSettled().catch(() => {});
      }
      try {
        while ((await this.pass()) >= BATCH && !this.stopper.signal.aborted);
      } catch (error) {
        this.o.logger.debug({ err: { message: errorMessage(error) } }, 'intent recovery pass failed; retrying');
      }
      await sleep(this.intervalMs, undefined, { signal: this.stopper.signal }).catch(() => {});
    }
  }

  private async settle(intent: PendingIntent): Promise<boolean> {
    const fields = { intentId: intent.id, operation: intent.operation, tenantId: intent.tenantId };
    const resolver = this.resolvers.get(intent.operation);
    if (!resolver) {
      if (!this.unknownOperations.has(intent.operation)) this.o.logger.error(fields, 'pending intent of an operation no resolver handles; it stays pending');
      this.unknownOperations.add(intent.operation);
      return false;
    }
    try {
      const events: DomainEvent[] = [];
      const outcome = await resolver.resolve(intent, (event) => events.push(event));
      const stored = await this.o.db.transaction(async (tx) => {
        if (!(await this.o.store.settle(tx, intent.id, outcome === 'took_effect' ? 'completed' : 'no_effect'))) return false;
        if (outcome === 'took_effect') await insertEvents(tx, events);
        return true;
      });
      if (!stored) return false;
      if (events.length > 0 && outcome === 'took_effect') this.o.onCommitted();
      this.o.logger.info({ ...fields, outcome, events: outcome === 'took_effect' ? events.length : 0 }, 'settled an intent left pending');
      return true;
    } catch (error) {
      if (error instanceof UndecidableWriteError) {
        await this.o.store.setAsideForReview(intent.id, error.message);
        this.o.logger.error({ ...fields, reason: error.message }, 'a pending intent cannot be settled by a machine: set aside for a person to check (state needs_review)');
        return false;
      }
      this.o.logger.warn({ ...fields, err: { message: errorMessage(error) } }, 'could not settle a pending intent yet; trying again later');
      await this.o.store.noteFailure(intent.id, errorMessage(error)).catch(() => {});
      return false;
    }
  }
}
