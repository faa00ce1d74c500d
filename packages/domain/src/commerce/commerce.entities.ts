import type { EntityBase } from '../shared/entity.js';
import type { Money } from '../shared/money.js';

export interface ProductVariant {
  readonly id: string;
  readonly sku: string | null;
  readonly title: string;
  readonly price: Money;
  /** Units in stock; never negative. Null when the shop does not track inventory for the variant. */
  readonly inventory: number | null;
}

export interface Product extends EntityBase {
  readonly title: string;
  readonly description: string | null;
  readonly status: 'active' | 'draft' | 'archived';
  readonly variants: readonly ProductVariant[];
}

export interface Customer extends EntityBase {
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly phone: string | null;
}

export interface OrderItem {
  readonly productId: string;
  readonly variantId: string;
  readonly title: string;
  readonly quantity: number;
  readonly unitPrice: Money;
  readonly total: Money;
}

export type FulfillmentStatus = 'unfulfilled' | 'partial' | 'fulfilled' | 'cancelled';
export type FinancialStatus = 'pending' | 'paid' | 'refunded' | 'voided';

export interface Order extends EntityBase {
  /** The shop's human order number, e.g. `#1001`. */
  readonly number: string;
  readonly customerId: string | null;
  /** The buyer's email; joins orders to CRM contacts. */
  readonly email: string | null;
  readonly items: readonly OrderItem[];
  readonly subtotal: Money;
  readonly total: Money;
  readonly financialStatus: FinancialStatus;
  readonly fulfillmentStatus: FulfillmentStatus;
}

export interface NewOrderItem {
  readonly variantId: string;
  readonly quantity: number;
}

export interface NewOrder {
  readonly email: string;
  readonly customerId?: string | null;
  readonly items: readonly NewOrderItem[];
  readonly currency: string;
}

/** A stock change: an absolute level or a relative adjustment. */
export type InventoryChange = { readonly set: number } | { readonly adjustBy: number };
