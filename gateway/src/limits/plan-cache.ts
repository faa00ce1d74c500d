import type { QueryPlan, QueryPlanCache } from '@apollo/query-planner';

/**
 * A map that keeps the `maxEntries` most recently used entries, each for at most `ttlMs` when given.
 * Bounded so that a stream of distinct operations cannot grow the gateway's memory without end.
 */
export class BoundedMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(private readonly maxEntries: number, private readonly ttlMs = Number.POSITIVE_INFINITY, private readonly now: () => number = Date.now) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry); // most recently used last
    return entry.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * The query-plan store handed to ApolloGateway (`queryPlannerConfig.cache`): the planning gate fills it
 * from the worker before the gateway executes, so the gateway finds every plan here and never plans on
 * the request thread. Plans are keyed as the gateway keys them: per operation text and operation name.
 */
export function createPlanCache(maxEntries: number): QueryPlanCache & { readonly size: number } {
  const plans = new BoundedMap<QueryPlan>(maxEntries);
  return {
    get: async (key) => plans.get(key),
    set: async (key, plan) => {
      plans.set(key, plan);
    },
    delete: async (key) => plans.delete(key),
    clear: () => plans.clear(),
    get size() {
      return plans.size;
    },
  };
}
