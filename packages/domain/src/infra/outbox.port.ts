import type { DomainEvent } from '../events/domain-event.js';

/** Adds one event to the unit of work in hand; it is stored with the change, or not at all. */
export type RecordEvent = (event: DomainEvent) => void;

/**
 * What a write to an external provider is about to do, recorded before the upstream call (DESIGN.md,
 * "Events never lost"): a crash between the provider's commit and ours leaves a pending intent that a
 * recovery pass settles with the `IntentResolver` of its `operation`.
 */
export interface ExternalIntent {
  readonly tenantId: string;
  /** Names the resolver that settles it after a crash, e.g. `crm.contact.create`. */
  readonly operation: string;
  /** Plain JSON the resolver needs: what was asked, and how to find its effect at the provider. */
  readonly input: Readonly<Record<string, unknown>>;
}

/**
 * Marks an adapter whose writes go to the platform's own database (the sandbox connectors): they join the
 * unit's transaction, so the change and its events commit together and an intent would only add commits.
 * The adapter factory sets it from `ConnectorDefinition.joinsUnitOfWork`; `OutboxPort.commit` reads it.
 */
export const JOINS_UNIT_OF_WORK: unique symbol = Symbol.for('bizosaas.outbox.joinsUnitOfWork');

/** True when writes through `adapter` join the outbox's transaction (see `JOINS_UNIT_OF_WORK`). */
export function joinsUnitOfWork(adapter: object): boolean {
  return Reflect.get(adapter, JOINS_UNIT_OF_WORK) === true;
}

/** How a unit of work with an external write is announced to `OutboxPort.commit`. */
export interface CommitOptions {
  /** What the change is about to do at a provider; recorded before it runs. */
  readonly intent?: ExternalIntent;
  /**
   * The adapter the change writes through. When its writes join the unit's transaction
   * (`joinsUnitOfWork`), no intent is recorded: nothing can be left half-done.
   */
  readonly through?: object;
}

/** What the change of a unit of work with an intent is given. */
export interface UnitContext {
  /**
   * Derived from the intent (stable across a crash): send it to a provider that honours an idempotency
   * key (Stripe's `Idempotency-Key`), so the recovery pass can re-send the write without doubling it.
   * Undefined without an intent.
   */
  readonly idempotencyKey: string | undefined;
}

/** An intent a crash left pending, as a resolver sees it. */
export interface PendingIntent extends ExternalIntent {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly createdAt: Date;
}

/**
 * Settles the pending intents of one operation after a crash: re-sends the write with the intent's
 * idempotency key where the provider honours one, or looks its effect up at the provider by an external
 * reference. Records the events of the effect when it took effect and answers `took_effect`; answers
 * `no_effect` (and records nothing) when it did not. Throws when it cannot tell yet (provider down): the
 * intent stays pending and is tried again. Throws `UndecidableWriteError` when no later pass could tell
 * either (the provider offers neither a key to re-send with nor a way to look the effect up): the intent
 * is set aside for a person to check, not retried.
 */
export interface IntentResolver {
  readonly operation: string;
  resolve(intent: PendingIntent, record: RecordEvent): Promise<'took_effect' | 'no_effect'>;
}

/** Where an external write's intent stands: `needs_review` waits for a person (see `UndecidableWriteError`). */
export type ExternalWriteState = 'pending' | 'needs_review' | 'completed' | 'no_effect';

/** An external write's intent as a tenant admin sees it: what it was for, where it stands, who settled it by hand. */
export interface ExternalWriteView {
  readonly id: string;
  readonly operation: string;
  readonly state: ExternalWriteState;
  /** The last error, or for `needs_review` what to check at the provider. */
  readonly reason: string | null;
  readonly attempts: number;
  readonly createdAt: Date;
  readonly settledAt: Date | null;
  /** Who settled it from `needs_review` (a user or API key id), and their note. */
  readonly reviewedBy: string | null;
  readonly reviewNote: string | null;
  /**
   * Only the ids the intent's input named (`variantId`, `contentId`, ...). The rest of the input (emails,
   * message texts, amounts) stays out: it is the services' to read, not a reviewer's list.
   */
  readonly inputIds: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * A resolver's answer when whether the write took effect can never be told by a machine: a person must
 * check at the provider. The message says what to check; it holds no secret.
 */
export class UndecidableWriteError extends Error {
  override readonly name = 'UndecidableWriteError';
}

/**
 * A change and its events as one unit (DESIGN.md, "Events never lost: the outbox"). An application
 * service never publishes to the bus itself: it makes the change inside `commit` and records the events;
 * a relay publishes them afterwards, at least once, in order per tenant, with the event's id unchanged
 * (consumers drop duplicates by id). So a mutation succeeds while the bus is down, and an acknowledged
 * change always has its event.
 */
export interface OutboxPort {
  /**
   * Runs `change` as one unit of work. Writes that an adapter makes to the platform's database (the
   * sandbox connectors) join the unit's transaction, and the events given to `record` are stored in the
   * same transaction: both are committed, or neither.
   *
   * With `intent` (a change that may call an external provider), the intent is committed before `change`
   * runs and completed in the unit's transaction; a crash in between leaves it for the recovery pass. An
   * intent whose `through` adapter joins the unit's transaction is not recorded (the one place this is
   * decided).
   *
   * Errors: whatever `change` throws (nothing is stored), or the database's error when the unit cannot
   * be committed (nothing is stored either).
   */
  commit<T>(change: (record: RecordEvent, unit: UnitContext) => Promise<T>, options?: CommitOptions): Promise<T>;
}
