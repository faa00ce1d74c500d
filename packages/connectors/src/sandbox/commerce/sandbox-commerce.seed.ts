import { addMoney, multiplyMoney, type FinancialStatus, type FulfillmentStatus, type Money, type SqlClient } from '@bizosaas/domain';
import { buildSandboxCrmSeed } from '../crm/sandbox-crm.seed.js';
import type { SandboxSeedProfileName } from '../crm/sandbox-crm.seed-profiles.js';
import { pad, prng } from '../shared/prng.js';
import { sandboxCommerceCatalogues } from './sandbox-commerce.seed-catalogues.js';

/** Rows of one demo shop, before they are inserted. Ids are external ids (`pr_01`, `va_001`, `cu_001`, `or_0001`). */
export interface SandboxCommerceSeedData {
  readonly products: readonly {
    id: string; title: string; description: string; status: 'active' | 'draft' | 'archived'; createdAt: Date;
    variants: readonly { id: string; sku: string; title: string; price: Money; inventory: number }[];
  }[];
  readonly customers: readonly { id: string; email: string; firstName: string; lastName: string; phone: string | null; createdAt: Date }[];
  readonly orders: readonly {
    id: string; number: string; customerId: string; email: string; subtotal: Money; total: Money;
    financialStatus: FinancialStatus; fulfillmentStatus: FulfillmentStatus; createdAt: Date; updatedAt: Date;
    items: readonly { id: string; productId: string; variantId: string; title: string; quantity: number; unitPrice: Money; total: Money }[];
  }[];
}

/** What `seedSandboxCommerceDataset` did. */
export interface SandboxCommerceSeedResult {
  /** False when the dataset already had rows and was left alone. */
  readonly seeded: boolean;
  readonly products: number;
  readonly customers: number;
  readonly orders: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Builds a profile's demo shop. Pure and deterministic. About 60% of the profile's CRM contacts are
 * customers with 1-4 orders each, under the very same emails, so CRM-to-commerce joins show data.
 */
export function buildSandboxCommerceSeed(profileName: SandboxSeedProfileName): SandboxCommerceSeedData {
  const catalogue = sandboxCommerceCatalogues[profileName];
  const crm = buildSandboxCrmSeed(profileName);
  const random = prng(catalogue.seed);
  const since = Math.min(...crm.contacts.map((c) => c.createdAt.getTime())) - 30 * DAY;

  let variantNumber = 0;
  const products = catalogue.products.map((p, i) => ({
    id: `pr_${pad(i + 1, 2)}`,
    title: p.title,
    description: p.description,
    status: p.status,
    maxPerLine: p.maxPerLine,
    createdAt: new Date(since + i * 6 * HOUR),
    variants: p.variants.map(([title, sku, price, inventory]) => {
      variantNumber += 1;
      return { id: `va_${pad(variantNumber, 3)}`, sku, title, price: { amount: price, currency: catalogue.currency }, inventory };
    }),
  }));

  const buyers: { email: string; firstName: string; lastName: string; phone: string | null; since: number }[] = crm.contacts
    .filter(() => random.next() < 0.6)
    .map((c) => ({ email: c.email, firstName: c.firstName, lastName: c.lastName, phone: c.phone, since: c.createdAt.getTime() }));
  const latestContact = Math.max(...crm.contacts.map((c) => c.createdAt.getTime()));
  for (const [firstName, lastName, email] of catalogue.walkInCustomers) {
    buyers.push({ email, firstName, lastName, phone: null, since: since + random.int(1, Math.max(1, Math.floor((latestContact - since) / DAY))) * DAY });
  }
  const customers = buyers.map((b, i) => ({ id: `cu_${pad(i + 1, 3)}`, email: b.email, firstName: b.firstName, lastName: b.lastName, phone: b.phone, createdAt: new Date(b.since + random.int(1, 72) * HOUR) }));

  const sellable = products.filter((p) => p.status === 'active');
  const drafts = customers.flatMap((customer) =>
    Array.from({ length: random.int(1, 4) }, () => {
      const createdAt = new Date(customer.createdAt.getTime() + random.int(1, 240) * DAY + random.int(0, 23) * HOUR);
      const chosen = new Set<string>();
      const items = Array.from({ length: random.int(1, 3) }, () => {
        const p = random.pick(sellable);
        const variant = random.pick(p.variants);
        if (chosen.has(variant.id)) return null;
        chosen.add(variant.id);
        const quantity = random.int(1, p.maxPerLine);
        const title = variant.title === 'Default' ? p.title : `${p.title} – ${variant.title}`;
        return { productId: p.id, variantId: variant.id, title: `${title} (SKU ${variant.sku})`, quantity, unitPrice: variant.price, total: multiplyMoney(variant.price, quantity) };
      }).filter((item) => item !== null);
      const subtotal = items.reduce<Money>((sum, item) => addMoney(sum, item.total), { amount: '0.00', currency: catalogue.currency });
      return { customer, createdAt, items, subtotal, roll: random.next() };
    }),
  );
  drafts.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

  // The newest tenth is still open; of the rest a few were refunded or shipped in part.
  const openFrom = Math.floor(drafts.length * 0.9);
  let itemNumber = 0;
  const orders = drafts.map((d, i) => {
    const open = i >= openFrom;
    const financialStatus: FinancialStatus = open ? (d.roll < 0.5 ? 'pending' : 'paid') : d.roll < 0.06 ? 'refunded' : 'paid';
    const fulfillmentStatus: FulfillmentStatus = open ? (d.roll < 0.8 ? 'unfulfilled' : 'partial') : financialStatus === 'refunded' ? 'cancelled' : d.roll > 0.95 ? 'partial' : 'fulfilled';
    return {
      id: `or_${pad(i + 1, 4)}`,
      number: `#${1001 + i}`,
      customerId: d.customer.id,
      email: d.customer.email,
      subtotal: d.subtotal,
      total: d.subtotal,
      financialStatus,
      fulfillmentStatus,
      createdAt: d.createdAt,
      updatedAt: new Date(d.createdAt.getTime() + (open ? 0 : 2 + Math.floor(d.roll * 5)) * DAY),
      items: d.items.map((item) => {
        itemNumber += 1;
        return { id: `oi_${pad(itemNumber, 5)}`, productId: item.productId, variantId: item.variantId, title: item.title, quantity: item.quantity, unitPrice: item.unitPrice, total: item.total };
      }),
    };
  });

  const productRows = products.map((p) => ({ id: p.id, title: p.title, description: p.description, status: p.status, createdAt: p.createdAt, variants: p.variants }));
  return { products: productRows, customers, orders };
}

/**
 * Seeds a sandbox dataset with a profile's demo shop, in one transaction. Idempotent: a dataset that
 * already has products, customers or orders is left alone (`seeded: false`), so it is safe on every start.
 */
export async function seedSandboxCommerceDataset(sql: SqlClient, dataset: string, options: { profile: SandboxSeedProfileName }): Promise<SandboxCommerceSeedResult> {
  const data = buildSandboxCommerceSeed(options.profile);
  return sql.transaction(async (tx) => {
    // Two processes starting at once must not both seed: the second waits, then sees the rows.
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`sandbox_commerce:${dataset}`]);
    const existing = await tx.query(
      `select exists(select 1 from sandbox_commerce_products where dataset = $1)
           or exists(select 1 from sandbox_commerce_customers where dataset = $1)
           or exists(select 1 from sandbox_commerce_orders where dataset = $1) as has_rows`,
      [dataset],
    );
    if (existing.rows[0]?.has_rows === true) return { seeded: false, products: 0, customers: 0, orders: 0 };

    for (const p of data.products) {
      await tx.query('insert into sandbox_commerce_products (dataset, id, title, description, status, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6)', [
        dataset, p.id, p.title, p.description, p.status, p.createdAt,
      ]);
      for (const v of p.variants) {
        await tx.query(
          `insert into sandbox_commerce_variants (dataset, id, product_id, sku, title, price_amount, currency, inventory, created_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
          [dataset, v.id, p.id, v.sku, v.title, v.price.amount, v.price.currency, v.inventory, p.createdAt],
        );
      }
    }
    for (const c of data.customers) {
      await tx.query('insert into sandbox_commerce_customers (dataset, id, email, first_name, last_name, phone, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $7)', [
        dataset, c.id, c.email, c.firstName, c.lastName, c.phone, c.createdAt,
      ]);
    }
    for (const o of data.orders) {
      await tx.query(
        `insert into sandbox_commerce_orders (dataset, id, number, customer_id, email, currency, subtotal_amount, total_amount, financial_status, fulfillment_status, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [dataset, o.id, o.number, o.customerId, o.email, o.total.currency, o.subtotal.amount, o.total.amount, o.financialStatus, o.fulfillmentStatus, o.createdAt, o.updatedAt],
      );
      for (const item of o.items) {
        await tx.query(
          `insert into sandbox_commerce_order_items (dataset, id, order_id, product_id, variant_id, title, quantity, unit_price_amount, total_amount, currency, created_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
          [dataset, item.id, o.id, item.productId, item.variantId, item.title, item.quantity, item.unitPrice.amount, item.total.amount, item.total.currency, o.createdAt],
        );
      }
    }
    // Orders placed through the port continue the numbering after the seeded ones.
    await tx.query(`insert into sandbox_commerce_counters (dataset, id, value) values ($1, 'order_number', $2)`, [dataset, 1000 + data.orders.length]);
    return { seeded: true, products: data.products.length, customers: data.customers.length, orders: data.orders.length };
  });
}
