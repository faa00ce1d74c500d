import type { DomainEvent } from '../events/domain-event.js';
import type { Money } from '../shared/money.js';

export const CommerceEventTypes = {
  OrderCreated: 'commerce.order.created.v1',
  InventoryChanged: 'commerce.inventory.changed.v1',
  /** The shop took the order's payment (Shopify `orders/paid`); starts the order-paid workflow. */
  OrderPaid: 'commerce.order.paid.v1',
} as const;

export interface OrderCreatedPayload {
  readonly orderId: string;
  readonly number: string;
  readonly email: string | null;
  readonly total: Money;
}

/** Same fields as OrderCreated: the order, who bought it and what they paid. */
export type OrderPaidPayload = OrderCreatedPayload;

export interface InventoryChangedPayload {
  readonly productId: string;
  readonly variantId: string;
  readonly available: number | null;
}

export type OrderCreated = DomainEvent<typeof CommerceEventTypes.OrderCreated, OrderCreatedPayload>;
export type OrderPaid = DomainEvent<typeof CommerceEventTypes.OrderPaid, OrderPaidPayload>;
export type InventoryChanged = DomainEvent<typeof CommerceEventTypes.InventoryChanged, InventoryChangedPayload>;
