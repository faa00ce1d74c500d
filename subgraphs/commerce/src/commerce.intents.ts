import { CommerceEventTypes, createEvent, UndecidableWriteError, NotFoundError, ValidationError, type CommercePort, type DomainEvent, type IntentResolver, type Order, type Product } from '@bizosaas/domain';
import { createdSinceIntent, defineIntentResolver, type WriteMeta } from '@bizosaas/subgraph-kit';
import { z } from 'zod';

/** The shop writes that record an intent before calling the tenant's shop (ExternalWrites). */
export const CommerceIntents = {
  CreateOrder: 'commerce.order.create',
  UpdateInventory: 'commerce.inventory.update',
} as const;

const correlationId = z.string().nullable();
const createOrderInput = z.object({
  email: z.string(),
  currency: z.string(),
  items: z.array(z.object({ variantId: z.string(), quantity: z.number() })),
  correlationId,
});
const inventoryInput = z.object({
  variantId: z.string(),
  change: z.union([z.object({ set: z.number() }), z.object({ adjustBy: z.number() })]),
  correlationId,
});

export function orderCreated(order: Order, meta: WriteMeta): DomainEvent {
  const payload = { orderId: order.id, number: order.number, email: order.email, total: order.total };
  return createEvent(CommerceEventTypes.OrderCreated, payload, { ...meta, source: 'commerce' });
}

export function inventoryChanged(product: Product, variantId: string, meta: WriteMeta): DomainEvent {
  const variant = product.variants.find((candidate) => candidate.id === variantId);
  return createEvent(CommerceEventTypes.InventoryChanged, { productId: product.id, variantId, available: variant?.inventory ?? null }, { ...meta, source: 'commerce' });
}

/**
 * How a crash between a shop's commit and ours is settled.
 * - A placed order is looked up among the buyer's orders (by email): one created since the intent with the
 *   same currency and lines (variant and quantity) is its effect. Shopify also had the intent's
 *   `@idempotent` key, so a client retry of the same order never doubled it either.
 * - A stock change is re-sent with the intent's key where the shop honours keys (Shopify replays the first
 *   answer). Elsewhere (WooCommerce) an absolute level (`set`) is re-sent, since repeating it cannot double
 *   it; a relative `adjustBy` cannot be told apart from another writer's change, so it is set aside for a
 *   person (`needs_review`, in `bizosaas_outbox_intents_needing_review` and the recovery log) to check.
 */
export function createCommerceIntentResolvers(deps: { commercePortFor(tenantId: string): Promise<CommercePort> }): IntentResolver[] {
  const portFor = deps.commercePortFor;
  return [
    defineIntentResolver({
      operation: CommerceIntents.CreateOrder,
      parse: (input) => createOrderInput.parse(input),
      portFor,
      async settle(port, input, { intent, meta }) {
        const [orders = []] = await port.findOrdersByEmails([input.email]);
        const match = orders.find((order) => createdSinceIntent(order, intent) && order.total.currency === input.currency && sameLines(order, input.items));
        return match ? [orderCreated(match, meta)] : null;
      },
    }),
    defineIntentResolver({
      operation: CommerceIntents.UpdateInventory,
      parse: (input) => inventoryInput.parse(input),
      portFor,
      async settle(port, input, { intent, meta }) {
        if (!port.honoursIdempotencyKeys && 'adjustBy' in input.change) {
          throw new UndecidableWriteError(`cannot tell whether adjusting the stock of ${input.variantId} by ${input.change.adjustBy} took effect: ${port.provider} takes no idempotency key; check the level at ${port.provider}`);
        }
        try {
          const product = await port.updateInventory(input.variantId, input.change, { idempotencyKey: intent.idempotencyKey });
          return [inventoryChanged(product, input.variantId, meta)];
        } catch (error) {
          // Refused now (unknown variant, stock too low): it was refused the first time too.
          if (error instanceof NotFoundError || error instanceof ValidationError) return null;
          throw error;
        }
      },
    }),
  ];
}

/** The same lines, in any order: variant and quantity. */
function sameLines(order: Order, items: readonly { variantId: string; quantity: number }[]): boolean {
  const key = (lines: readonly { variantId: string; quantity: number }[]) =>
    lines
      .map((line) => `${line.variantId}\u0000${line.quantity}`)
      .sort()
      .join('\u0001');
  return key(order.items) === key(items);
}
