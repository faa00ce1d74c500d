import { realSleep } from '@bizosaas/connector-kit';

/** `extensions.cost` of an Admin GraphQL answer (https://shopify.dev/docs/api/usage/limits#cost-calculation). */
export interface ShopifyQueryCost {
  readonly requestedQueryCost: number;
  readonly throttleStatus: { readonly maximumAvailable: number; readonly currentlyAvailable: number; readonly restoreRate: number };
}

/**
 * Shopify's leaky bucket of query-cost points, as last reported, restored over time. Before a query it
 * waits until the bucket holds what the query is expected to cost (the last requested cost of the same
 * operation), so the connector slows down before Shopify says THROTTLED rather than after.
 */
export class ShopifyCostThrottle {
  private status: ShopifyQueryCost['throttleStatus'] | undefined;
  private reportedAt = 0;
  private readonly lastCost = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = realSleep,
  ) {}

  /** The points available now by the last report, or undefined before the first answer. */
  available(): number | undefined {
    if (!this.status) return undefined;
    const restored = (this.status.restoreRate * Math.max(0, this.now() - this.reportedAt)) / 1000;
    return Math.min(this.status.maximumAvailable, this.status.currentlyAvailable + restored);
  }

  /** Milliseconds until `cost` points are available (0 when they are, or when nothing is known yet). */
  delayFor(cost: number): number {
    const available = this.available();
    if (available === undefined || !this.status || this.status.restoreRate <= 0) return 0;
    // A query dearer than the whole bucket can never fit; Shopify refuses it with MAX_COST_EXCEEDED.
    const needed = Math.min(cost, this.status.maximumAvailable) - available;
    return needed <= 0 ? 0 : Math.ceil((needed / this.status.restoreRate) * 1000);
  }

  /** Waits until `operation`'s expected cost fits the bucket. */
  async beforeRequest(operation: string): Promise<void> {
    const delay = this.delayFor(this.lastCost.get(operation) ?? 0);
    if (delay > 0) await this.sleep(delay);
  }

  /** Records the cost Shopify reported with an answer (throttled or not). */
  note(operation: string, cost: ShopifyQueryCost): void {
    this.status = cost.throttleStatus;
    this.reportedAt = this.now();
    this.lastCost.set(operation, cost.requestedQueryCost);
  }

  /** After THROTTLED: waits until the refused query's cost is restored. Answers the wait in ms. */
  async afterThrottled(cost: ShopifyQueryCost | undefined): Promise<number> {
    // Without a cost report, one second restores at least the smallest plan's rate.
    const delay = cost ? Math.max(this.delayFor(cost.requestedQueryCost), 100) : 1_000;
    await this.sleep(delay);
    return delay;
  }
}
