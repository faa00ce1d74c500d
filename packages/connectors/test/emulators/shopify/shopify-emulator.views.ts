import { connection, gid } from './shopify-emulator.paging.js';
import type { ShopifyStore, StoredCustomer, StoredOrder, StoredProduct, StoredVariant } from './shopify-emulator.store.js';

// Resolver objects for the Admin schema types the connector reads. graphql-js's default resolver reads a
// property, or calls it with the field's arguments; `__typename` picks the type behind `Node`.

type Args = Record<string, unknown>;
const pageArgs = (args: Args) => ({
  first: typeof args.first === 'number' ? args.first : null,
  after: typeof args.after === 'string' ? args.after : null,
  reverse: args.reverse === true,
});

function money(amount: string, currency: string) {
  return { shopMoney: { amount, currencyCode: currency }, presentmentMoney: { amount, currencyCode: currency } };
}

/** Exact decimal product/sum in cents-of-cents, as Shopify computes line and order totals. */
export function times(amount: string, quantity: number): string {
  return fromUnits(toUnits(amount) * BigInt(quantity));
}
export function sum(amounts: readonly string[]): string {
  return fromUnits(amounts.reduce((acc, a) => acc + toUnits(a), 0n));
}
function toUnits(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 10_000n + BigInt(fraction.padEnd(4, '0').slice(0, 4));
}
function fromUnits(units: bigint): string {
  const text = `${units / 10_000n}.${(units % 10_000n).toString().padStart(4, '0')}`;
  // Shopify's Decimal drops trailing zeros but keeps one decimal: "10.0", "59.97".
  return text.replace(/0+$/, '').replace(/\.$/, '.0');
}

export class ShopifyViews {
  constructor(private readonly store: ShopifyStore) {}

  shop() {
    return { currencyCode: this.store.currency, name: this.store.shopName, myshopifyDomain: 'emulated-shop.myshopify.com' };
  }

  product(p: StoredProduct) {
    return {
      __typename: 'Product',
      id: gid('Product', p.id),
      legacyResourceId: String(p.id),
      title: p.title,
      description: () => p.description.replace(/<[^>]*>/g, ''),
      descriptionHtml: p.description,
      status: p.status,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      variants: (args: Args) => connection(this.variantsOf(p), pageArgs(args), (v) => this.variant(v)),
    };
  }

  private variantsOf(p: StoredProduct): StoredVariant[] {
    return p.variantIds.flatMap((id) => {
      const v = this.store.variants.get(id);
      return v ? [v] : [];
    });
  }

  variant(v: StoredVariant) {
    return {
      __typename: 'ProductVariant',
      id: gid('ProductVariant', v.id),
      title: v.title,
      sku: v.sku,
      price: v.price,
      inventoryQuantity: this.store.available(v),
      inventoryPolicy: v.policy,
      product: () => {
        const product = this.store.products.get(v.productId);
        if (!product) throw new Error(`emulator store: variant ${v.id} has no product`);
        return this.product(product);
      },
      inventoryItem: () => this.inventoryItem(v),
    };
  }

  inventoryItem(v: StoredVariant) {
    const levels = [...v.levels.entries()].map(([locationId, available]) => ({ id: locationId, available }));
    return {
      __typename: 'InventoryItem',
      id: gid('InventoryItem', v.inventoryItemId),
      tracked: v.tracked,
      variant: () => this.variant(v),
      variants: (args: Args) => connection([v], pageArgs(args), (one) => this.variant(one)),
      inventoryLevels: (args: Args) =>
        connection(levels, pageArgs(args), (level) => ({
          __typename: 'InventoryLevel',
          id: `${gid('InventoryLevel', v.inventoryItemId)}?inventory_item_id=${level.id}`,
          location: { __typename: 'Location', id: gid('Location', level.id), name: `Location ${level.id}` },
          quantities: (q: Args) => (Array.isArray(q.names) ? q.names : []).map((name) => ({ __typename: 'InventoryQuantity', name, quantity: name === 'available' || name === 'on_hand' ? level.available : 0 })),
        })),
    };
  }

  customer(c: StoredCustomer) {
    return {
      __typename: 'Customer',
      id: gid('Customer', c.id),
      firstName: c.firstName,
      lastName: c.lastName,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      defaultEmailAddress: c.email === null ? null : { emailAddress: c.email },
      defaultPhoneNumber: c.phone === null ? null : { phoneNumber: c.phone },
    };
  }

  order(o: StoredOrder) {
    const totals = o.lineItems.map((item) => times(item.unitPrice, item.quantity));
    const total = sum(totals);
    const customer = o.customerId === null ? undefined : this.store.customers.get(o.customerId);
    return {
      __typename: 'Order',
      id: gid('Order', o.id),
      legacyResourceId: String(o.id),
      name: o.name,
      email: o.email,
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
      cancelledAt: null,
      currencyCode: o.currency,
      customer: customer ? this.customer(customer) : null,
      displayFinancialStatus: o.financialStatus,
      displayFulfillmentStatus: 'UNFULFILLED',
      subtotalPriceSet: money(total, o.currency),
      totalPriceSet: money(total, o.currency),
      currentTotalPriceSet: money(total, o.currency),
      lineItems: (args: Args) =>
        connection(o.lineItems, pageArgs(args), (item) => {
          const variant = item.variantId === null ? undefined : this.store.variants.get(item.variantId);
          const product = item.productId === null ? undefined : this.store.products.get(item.productId);
          return {
            __typename: 'LineItem',
            id: gid('LineItem', item.id),
            title: item.title,
            quantity: item.quantity,
            currentQuantity: item.quantity,
            variant: variant ? this.variant(variant) : null,
            product: product ? this.product(product) : null,
            originalUnitPriceSet: money(item.unitPrice, o.currency),
            originalTotalSet: money(times(item.unitPrice, item.quantity), o.currency),
          };
        }),
    };
  }
}
