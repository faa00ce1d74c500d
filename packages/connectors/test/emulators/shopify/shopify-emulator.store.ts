/**
 * The Shopify emulator's state: a shop with one currency, locations, products with variants and their
 * inventory items and levels, customers and orders. Ids are numbers from one counter, so, as in Shopify,
 * a newer record has a larger id. The resolvers read it; the mutations change it.
 */

export interface StoredVariant {
  readonly id: number;
  readonly productId: number;
  readonly inventoryItemId: number;
  title: string;
  sku: string | null;
  /** Shopify Money: a decimal string in the shop's currency. */
  price: string;
  tracked: boolean;
  policy: 'DENY' | 'CONTINUE';
  /** `available` per location id. */
  readonly levels: Map<number, number>;
}

export interface StoredProduct {
  readonly id: number;
  title: string;
  description: string;
  status: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  readonly createdAt: string;
  updatedAt: string;
  readonly variantIds: number[];
}

export interface StoredCustomer {
  readonly id: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  readonly createdAt: string;
  updatedAt: string;
}

export interface StoredLineItem {
  readonly id: number;
  readonly title: string;
  readonly quantity: number;
  readonly variantId: number | null;
  readonly productId: number | null;
  readonly unitPrice: string;
}

export interface StoredOrder {
  readonly id: number;
  readonly name: string;
  readonly email: string | null;
  readonly customerId: number | null;
  readonly currency: string;
  readonly lineItems: readonly StoredLineItem[];
  readonly financialStatus: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface SeedVariant {
  readonly title: string;
  readonly price: string;
  readonly sku?: string;
  readonly stock?: number;
  readonly tracked?: boolean;
}

export class ShopifyStore {
  currency = 'EUR';
  readonly shopName = 'Emulated Shop';
  readonly locations: number[] = [];
  readonly products = new Map<number, StoredProduct>();
  readonly variants = new Map<number, StoredVariant>();
  readonly customers = new Map<number, StoredCustomer>();
  readonly orders = new Map<number, StoredOrder>();
  private lastId = 1_000;
  private orderNumber = 1_000;

  constructor() {
    this.locations.push(this.nextId());
  }

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  nextOrderName(): string {
    this.orderNumber += 1;
    return `#${this.orderNumber}`;
  }

  addProduct(input: { title: string; description?: string; status?: StoredProduct['status']; variants: readonly SeedVariant[] }): StoredProduct {
    const now = new Date().toISOString();
    const product: StoredProduct = { id: this.nextId(), title: input.title, description: input.description ?? '', status: input.status ?? 'ACTIVE', createdAt: now, updatedAt: now, variantIds: [] };
    for (const seed of input.variants) {
      const variant: StoredVariant = {
        id: this.nextId(),
        productId: product.id,
        inventoryItemId: this.nextId(),
        title: seed.title,
        sku: seed.sku ?? null,
        price: seed.price,
        tracked: seed.tracked ?? true,
        policy: 'DENY',
        levels: new Map([[this.locations[0] ?? 0, seed.stock ?? 0]]),
      };
      this.variants.set(variant.id, variant);
      product.variantIds.push(variant.id);
    }
    this.products.set(product.id, product);
    return product;
  }

  addCustomer(input: { email: string; firstName?: string; lastName?: string; phone?: string }): StoredCustomer {
    const now = new Date().toISOString();
    const customer: StoredCustomer = { id: this.nextId(), email: input.email, firstName: input.firstName ?? null, lastName: input.lastName ?? null, phone: input.phone ?? null, createdAt: now, updatedAt: now };
    this.customers.set(customer.id, customer);
    return customer;
  }

  /** A variant's `available` summed over its locations (Shopify's `inventoryQuantity`). */
  available(variant: StoredVariant): number {
    let sum = 0;
    for (const level of variant.levels.values()) sum += level;
    return sum;
  }

  variantByInventoryItem(itemId: number): StoredVariant | undefined {
    for (const variant of this.variants.values()) if (variant.inventoryItemId === itemId) return variant;
    return undefined;
  }
}
