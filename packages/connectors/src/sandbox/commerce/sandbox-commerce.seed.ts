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

  const buyers = crm.contacts
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
      items: d.items.map((item) => ({ id: `oi_${pad((itemNumber += 1), 5)}`, ...item })),
    };
  });

  return { products: products.map(({ maxPerLine: _unused, ...p }) => p), customers, orders };
}
