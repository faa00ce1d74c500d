import { randomBytes } from 'node:crypto';
import { addMoney, multiplyMoney, parseEmail, ValidationError, Violations, type EntityIds, type Money, type NewOrder, type SqlClient } from '@bizosaas/domain';
import { CommerceKinds } from './sandbox-commerce.mapping.js';
import { parseLockedVariantRow, type SandboxLockedVariantRow } from './sandbox-commerce.rows.js';

/** The most units one order line may ask for; keeps quantities far from integer overflow. */
export const MAX_LINE_QUANTITY = 1_000_000;
const CURRENCY = /^[A-Z]{3}$/;

interface Line {
  readonly index: number;
  readonly variantId: string | undefined;
  /** Null when the requested quantity is invalid (already reported). */
  readonly quantity: number | null;
}

interface PricedLine {
  readonly variant: SandboxLockedVariantRow;
  readonly quantity: number;
  readonly unitPrice: Money;
  readonly total: Money;
}

function newExternalId(prefix: 'or' | 'oi'): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}

function labelOf(variant: SandboxLockedVariantRow): string {
  const name = variant.title === 'Default' ? variant.product_title : `${variant.product_title} – ${variant.title}`;
  return variant.sku === null ? name : `${name} (SKU ${variant.sku})`;
}

/**
 * Places an order inside the caller's transaction `tx`: locks the variants, checks every line, then
 * decrements stock with guarded UPDATEs and inserts the order and its items. Answers the order's
 * external id. Raises `ValidationError` listing every violation (`email`, `currency`, `items`,
 * `items[i].variantId`, `items[i].quantity`, `customerId`) before anything is written; the caller's
 * transaction rolls back whatever a later failure leaves.
 */
export async function placeSandboxOrder(tx: SqlClient, dataset: string, ids: EntityIds, input: NewOrder): Promise<string> {
  const violations = new Violations();
  const email = violations.collect(() => parseEmail(input.email, 'email'));
  if (!CURRENCY.test(input.currency)) violations.add('currency', 'must be an ISO 4217 currency code such as "EUR"');
  if (input.items.length === 0) violations.add('items', 'must contain at least one item');
  const lines: Line[] = input.items.map((item, index) => {
    const valid = Number.isInteger(item.quantity) && item.quantity >= 1 && item.quantity <= MAX_LINE_QUANTITY;
    if (!valid) violations.add(`items[${index}].quantity`, `must be a whole number from 1 to ${MAX_LINE_QUANTITY}`);
    return { index, variantId: ids.decode(CommerceKinds.ProductVariant, item.variantId), quantity: valid ? item.quantity : null };
  });

  // Sorted so two orders lock shared variants in the same order and cannot deadlock.
  const wanted = [...new Set(lines.map((line) => line.variantId).filter((id): id is string => id !== undefined))].sort();
  const locked = wanted.length === 0 ? [] : (await tx.query(
    `select v.id, v.product_id, v.sku, v.title, p.title as product_title, v.price_amount, v.currency, v.inventory
       from sandbox_commerce_variants v
       join sandbox_commerce_products p on p.dataset = v.dataset and p.id = v.product_id
      where v.dataset = $1 and v.id = any($2::text[])
      order by v.id
      for update of v`,
    [dataset, wanted],
  )).rows.map(parseLockedVariantRow);
  const variants = new Map(locked.map((variant) => [variant.id, variant]));

  // Stock is checked against what earlier lines of the same order already took from that variant.
  const demand = new Map<string, number>();
  const priced: PricedLine[] = [];
  const foreignCurrencies = new Set<string>();
  for (const line of lines) {
    const variant = line.variantId === undefined ? undefined : variants.get(line.variantId);
    if (variant === undefined) {
      violations.add(`items[${line.index}].variantId`, 'is not a variant of this shop');
      continue;
    }
    // One violation per foreign currency: a cart of ten USD lines in a EUR order is one mistake, not ten.
    if (CURRENCY.test(input.currency) && variant.currency !== input.currency && !foreignCurrencies.has(variant.currency)) {
      foreignCurrencies.add(variant.currency);
      violations.add('currency', `is ${input.currency} but items[${line.index}] (${labelOf(variant)}) is priced in ${variant.currency}; an order has one currency`);
    }
    if (line.quantity === null) continue;
    const before = demand.get(variant.id) ?? 0;
    demand.set(variant.id, before + line.quantity);
    if (before + line.quantity > variant.inventory) {
      const available = Math.max(variant.inventory - before, 0);
      violations.add(`items[${line.index}].quantity`, `is ${line.quantity} but only ${available} of ${labelOf(variant)} ${available === 1 ? 'is' : 'are'} available`);
      continue;
    }
    const unitPrice: Money = { amount: variant.price_amount, currency: variant.currency };
    priced.push({ variant, quantity: line.quantity, unitPrice, total: multiplyMoney(unitPrice, line.quantity) });
  }

  const customerId = await linkCustomer(tx, dataset, ids, input, email, violations);
  violations.throwIfAny('COMMERCE.ORDER_INVALID');
  if (email === undefined) throw new Error('unreachable: a missing email is a violation');

  for (const [variantId, quantity] of demand) {
    const updated = await tx.query(
      'update sandbox_commerce_variants set inventory = inventory - $3, updated_at = now() where dataset = $1 and id = $2 and inventory >= $3',
      [dataset, variantId, quantity],
    );
    // Cannot happen while the rows are locked; if it ever does, the guard keeps stock >= 0 and we roll back.
    if (updated.rowCount !== 1) throw new ValidationError([{ field: 'items', reason: `stock of variant ${variantId} changed while the order was placed` }]);
  }

  const subtotal = priced.reduce<Money>((sum, line) => addMoney(sum, line.total, 'subtotal'), { amount: '0.00', currency: input.currency });
  const orderId = newExternalId('or');
  await tx.query(
    `insert into sandbox_commerce_orders (dataset, id, number, customer_id, email, currency, subtotal_amount, total_amount, financial_status, fulfillment_status)
     values ($1, $2, $3, $4, $5, $6, $7, $7, 'pending', 'unfulfilled')`,
    [dataset, orderId, await nextOrderNumber(tx, dataset), customerId, email, input.currency, subtotal.amount],
  );
  for (const line of priced) {
    await tx.query(
      `insert into sandbox_commerce_order_items (dataset, id, order_id, product_id, variant_id, title, quantity, unit_price_amount, total_amount, currency)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [dataset, newExternalId('oi'), orderId, line.variant.product_id, line.variant.id, labelOf(line.variant), line.quantity, line.unitPrice.amount, line.total.amount, line.unitPrice.currency],
    );
  }
  return orderId;
}

/** The customer an order belongs to: the given `customerId` (must exist), else the customer with that email, else none. */
async function linkCustomer(tx: SqlClient, dataset: string, ids: EntityIds, input: NewOrder, email: string | undefined, violations: Violations): Promise<string | null> {
  if (input.customerId !== undefined && input.customerId !== null) {
    const externalId = ids.decode(CommerceKinds.Customer, input.customerId);
    const found = externalId === undefined ? [] : (await tx.query('select id from sandbox_commerce_customers where dataset = $1 and id = $2', [dataset, externalId])).rows;
    if (found.length === 0) violations.add('customerId', 'is not a customer of this shop');
    return externalId ?? null;
  }
  if (email === undefined) return null;
  const { rows } = await tx.query('select id from sandbox_commerce_customers where dataset = $1 and lower(email) = lower($2) order by seq limit 1', [dataset, email]);
  const id = rows[0]?.id;
  return typeof id === 'string' ? id : null;
}

/** `#1001`, `#1002`, ... per dataset; an atomic upsert, so concurrent orders never share a number. */
export async function nextOrderNumber(tx: SqlClient, dataset: string): Promise<string> {
  const { rows } = await tx.query(
    `insert into sandbox_commerce_counters (dataset, id, value) values ($1, 'order_number', 1001)
     on conflict (dataset, id) do update set value = sandbox_commerce_counters.value + 1, updated_at = now()
     returning value::text as value`,
    [dataset],
  );
  const value = rows[0]?.value;
  if (typeof value !== 'string') throw new Error('the order number counter returned no value');
  return `#${value}`;
}
