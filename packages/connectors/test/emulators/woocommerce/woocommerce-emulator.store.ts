/**
 * The WooCommerce emulator's data, shaped as REST wc/v3 documents them
 * (https://woocommerce.github.io/woocommerce-rest-api-docs/): products (simple and variable), variations,
 * orders with line items, customers. Amounts are decimal strings except a line item's `price` (a JSON
 * number), timestamps are GMT without a zone, stock is `stock_quantity` with `manage_stock`.
 */

export interface WooVariationRow {
  id: number;
  sku: string;
  price: string;
  regular_price: string;
  manage_stock: boolean | 'parent';
  stock_quantity: number | null;
  attributes: { id: number; name: string; option: string }[];
  date_created_gmt: string;
  date_modified_gmt: string;
}

export interface WooProductRow {
  id: number;
  name: string;
  type: 'simple' | 'variable';
  status: string;
  description: string;
  short_description: string;
  sku: string;
  price: string;
  regular_price: string;
  manage_stock: boolean;
  stock_quantity: number | null;
  variations: number[];
  date_created_gmt: string;
  date_modified_gmt: string;
}

export interface WooOrderRow {
  id: number;
  number: string;
  status: string;
  currency: string;
  total: string;
  customer_id: number;
  billing: { first_name: string; last_name: string; email: string; phone: string };
  line_items: { id: number; name: string; product_id: number; variation_id: number; quantity: number; subtotal: string; total: string; price: number; sku: string }[];
  date_created_gmt: string;
  date_modified_gmt: string;
}

export interface WooCustomerRow {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  role: string;
  username: string;
  billing: { phone: string; email: string };
  date_created_gmt: string;
  date_modified_gmt: string;
}

/** Minor units (cents) of a decimal string with at most two places, and back. */
export const cents = (amount: string): number => Math.round(Number(amount || '0') * 100);
export const decimal = (value: number): string => (value / 100).toFixed(2);

export class WooStore {
  currency = 'EUR';
  readonly products = new Map<number, WooProductRow>();
  readonly variations = new Map<number, Map<number, WooVariationRow>>();
  readonly orders = new Map<number, WooOrderRow>();
  readonly customers = new Map<number, WooCustomerRow>();
  // WordPress post ids are shared by products, variations and orders.
  private nextPostId = 100;
  private clock = Date.parse('2026-01-05T09:00:00Z');

  /** GMT without a zone, one second later each call so ordering by date is stable. */
  now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().slice(0, 19);
  }

  id(): number {
    this.nextPostId += 1;
    return this.nextPostId;
  }

  addSimpleProduct(input: { name: string; price: string; stock: number | null; sku?: string; status?: string }): WooProductRow {
    const at = this.now();
    const row: WooProductRow = {
      id: this.id(), name: input.name, type: 'simple', status: input.status ?? 'publish', description: `<p>${input.name}</p>`, short_description: '', sku: input.sku ?? '',
      price: input.price, regular_price: input.price, manage_stock: input.stock !== null, stock_quantity: input.stock, variations: [], date_created_gmt: at, date_modified_gmt: at,
    };
    this.products.set(row.id, row);
    return row;
  }

  addVariableProduct(input: { name: string; options: { option: string; price: string; stock: number | null }[] }): WooProductRow {
    const at = this.now();
    const row: WooProductRow = {
      id: this.id(), name: input.name, type: 'variable', status: 'publish', description: '', short_description: `${input.name}, in ${input.options.length} sizes`, sku: '',
      price: input.options[0]?.price ?? '', regular_price: '', manage_stock: false, stock_quantity: null, variations: [], date_created_gmt: at, date_modified_gmt: at,
    };
    const variations = new Map<number, WooVariationRow>();
    for (const option of input.options) {
      const variation: WooVariationRow = {
        id: this.id(), sku: '', price: option.price, regular_price: option.price, manage_stock: option.stock !== null, stock_quantity: option.stock,
        attributes: [{ id: 1, name: 'Size', option: option.option }], date_created_gmt: at, date_modified_gmt: at,
      };
      variations.set(variation.id, variation);
      row.variations.push(variation.id);
    }
    this.products.set(row.id, row);
    this.variations.set(row.id, variations);
    return row;
  }

  addCustomer(input: { email: string; firstName: string; lastName: string; phone?: string }): WooCustomerRow {
    const at = this.now();
    const row: WooCustomerRow = {
      id: this.customers.size + 2, email: input.email, first_name: input.firstName, last_name: input.lastName, role: 'customer', username: input.email.split('@')[0] ?? input.email,
      billing: { phone: input.phone ?? '', email: input.email }, date_created_gmt: at, date_modified_gmt: at,
    };
    this.customers.set(row.id, row);
    return row;
  }
}
