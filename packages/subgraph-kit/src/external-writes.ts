import type { DomainEvent, IntentResolver, OutboxPort, Page, PendingIntent, RecordEvent } from '@bizosaas/domain';
import type { ContextClaims } from './context-token.js';

/** Who an event recorded for a write belongs to: the tenant and the request that asked for it. */
export interface WriteMeta {
  readonly tenantId: string;
  readonly correlationId: string | null;
}

/**
 * How every application service writes through its adapter (issue 10, "Nothing lost"): one unit of work
 * per write, with the write's intent recorded first so a crash between the provider's commit and ours is
 * settled by the operation's resolver (`defineIntentResolver`). The outbox skips the intent for an adapter
 * whose writes join its transaction (the sandbox connectors), so a sandbox write costs no extra commits.
 */
export class ExternalWrites {
  constructor(
    private readonly outbox: OutboxPort,
    private readonly adapter: object,
    private readonly identity: Pick<ContextClaims, 'tenantId' | 'requestId'>,
  ) {}

  /** The request's tenant and correlation id, for the events a write records. */
  get meta(): WriteMeta {
    return { tenantId: this.identity.tenantId, correlationId: this.identity.requestId };
  }

  /**
   * Runs `change` as one unit of work. `operation` names the resolver that settles it after a crash and
   * `input` is what that resolver needs to find the write at the provider (the request's correlation id is
   * added); `change` gets `record` for its events and the intent's idempotency key (undefined when no
   * intent was recorded) to send to a provider that honours one.
   */
  commit<T>(operation: string, input: Readonly<Record<string, unknown>>, change: (record: RecordEvent, idempotencyKey: string | undefined) => Promise<T>): Promise<T> {
    const intent = { tenantId: this.identity.tenantId, operation, input: { ...input, correlationId: this.identity.requestId } };
    return this.outbox.commit((record, unit) => change(record, unit.idempotencyKey), { intent, through: this.adapter });
  }
}

/** Provider clocks may run behind ours: a record created this long before its intent still counts as its effect. */
export const INTENT_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** True when `entity` was created at the provider no earlier than `intent` (less the clock skew allowed). */
export function createdSinceIntent(entity: { readonly createdAt: Date }, intent: PendingIntent): boolean {
  return entity.createdAt.getTime() >= intent.createdAt.getTime() - INTENT_CLOCK_SKEW_MS;
}

/**
 * Looks for a write's effect page by page (`listPage(after)`), at most `maxPages` pages: the first record
 * `match` accepts, or null. With `newestFirst`, it stops at the first page created wholly before the intent,
 * since no later page can hold the effect.
 */
export async function findInPages<T extends { readonly createdAt: Date }>(
  intent: PendingIntent,
  listPage: (after: string | null) => Promise<Page<T>>,
  match: (record: T) => boolean,
  options: { readonly maxPages: number; readonly newestFirst: boolean },
): Promise<T | null> {
  let after: string | null = null;
  for (let page = 0; page < options.maxPages; page += 1) {
    const found = await listPage(after);
    const records = found.items.map((item) => item.node);
    const hit = records.find(match);
    if (hit) return hit;
    if (!found.hasNextPage || found.endCursor === null) return null;
    if (options.newestFirst && records.every((record) => !createdSinceIntent(record, intent))) return null;
    after = found.endCursor;
  }
  return null;
}

/** What a resolver's `settle` is given besides the port and the parsed input. */
export interface IntentSettling {
  readonly intent: PendingIntent;
  /** Tenant and the original request's correlation id, for the events of the effect. */
  readonly meta: WriteMeta;
}

/**
 * One resolver for an operation recorded through `ExternalWrites`: parses the recorded input (throwing, so
 * the intent stays pending and is reported, when it is not what was recorded), gets the tenant's adapter and
 * asks `settle` whether the write took effect. `settle` answers the events of the effect, or null when the
 * write had no effect. It throws when it cannot tell yet (provider down): the intent is tried again later.
 */
export function defineIntentResolver<P, I extends { readonly correlationId: string | null }>(definition: {
  readonly operation: string;
  readonly parse: (input: unknown) => I;
  readonly portFor: (tenantId: string) => Promise<P>;
  readonly settle: (port: P, input: I, settling: IntentSettling) => Promise<readonly DomainEvent[] | null>;
}): IntentResolver {
  return {
    operation: definition.operation,
    async resolve(intent, record) {
      const input = definition.parse(intent.input);
      const port = await definition.portFor(intent.tenantId);
      const events = await definition.settle(port, input, { intent, meta: { tenantId: intent.tenantId, correlationId: input.correlationId } });
      if (events === null) return 'no_effect';
      for (const event of events) record(event);
      return 'took_effect';
    },
  };
}
