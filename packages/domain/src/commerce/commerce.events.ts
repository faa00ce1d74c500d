import type { DomainEvent } from '../events/domain-event.js';
import type { Money } from '../shared/money.js';

export const CommerceEventTypes = {
  OrderCreated: 'commerce.order.created.v1',
  InventoryChanged: 'commerce.inventory.changed.v1',
} as const;

export interface OrderCreatedPayload {
  readonly orderId: string;
  readonly number: string;
  readonly email: string | null;
  readonly total: Money;
}

export interface InventoryChangedPayload {
  readonly productId: string;
  readonly variantId: string;
  readonly available: number | null;
}

export type OrderCreated = DomainEvent<typeof CommerceEventTypes.OrderCreated, OrderCreatedPayload>;
export type InventoryChanged = DomainEvent<typeof CommerceEventTypes.InventoryChanged, InventoryChangedPayload>;
