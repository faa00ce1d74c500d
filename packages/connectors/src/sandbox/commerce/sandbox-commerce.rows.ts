import { ConnectorError } from '@bizosaas/domain';
import { z } from 'zod';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';

/**
 * Row schemas of the sandbox shop: the one place where database output becomes typed. `seq` comes back
 * as a string (pg), a number or a bigint (PGlite) and is normalised to a string here.
 */
const seq = z.union([z.string(), z.number(), z.bigint()]).transform((value) => String(value));
const timestamp = z.union([z.date(), z.string()]).transform((value) => (value instanceof Date ? value : new Date(value)));

// Variants and items arrive as jsonb arrays aggregated beside their product or order (one query per read).
const variantJson = z.object({
  id: z.string(),
  sku: z.string().nullable(),
  title: z.string(),
  price_amount: z.string(),
  currency: z.string(),
  inventory: z.number().int().min(0),
});

const itemJson = z.object({
  id: z.string(),
  product_id: z.string(),
  variant_id: z.string(),
  title: z.string(),
  quantity: z.number().int().min(1),
  unit_price_amount: z.string(),
  total_amount: z.string(),
  currency: z.string(),
});

const productRow = z.object({
  dataset: z.string(),
  id: z.string(),
  seq,
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(['active', 'draft', 'archived']),
  variants: z.array(variantJson),
  created_at: timestamp,
  updated_at: timestamp,
});

const customerRow = z.object({
  dataset: z.string(),
  id: z.string(),
  seq,
  email: z.string(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  phone: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

const orderRow = z.object({
  dataset: z.string(),
  id: z.string(),
  seq,
  number: z.string(),
  customer_id: z.string().nullable(),
  email: z.string().nullable(),
  currency: z.string(),
  subtotal_amount: z.string(),
  total_amount: z.string(),
  financial_status: z.enum(['pending', 'paid', 'refunded', 'voided']),
  fulfillment_status: z.enum(['unfulfilled', 'partial', 'fulfilled', 'cancelled']),
  items: z.array(itemJson),
  created_at: timestamp,
  updated_at: timestamp,
});

/** A variant row locked by `createOrder` (plain columns, no aggregation). */
const lockedVariantRow = z.object({
  id: z.string(),
  product_id: z.string(),
  sku: z.string().nullable(),
  title: z.string(),
  product_title: z.string(),
  price_amount: z.string(),
  currency: z.string(),
  inventory: z.number().int(),
});

export type SandboxProductRow = z.output<typeof productRow>;
export type SandboxVariantJson = z.output<typeof variantJson>;
export type SandboxCustomerRow = z.output<typeof customerRow>;
export type SandboxOrderRow = z.output<typeof orderRow>;
export type SandboxOrderItemJson = z.output<typeof itemJson>;
export type SandboxLockedVariantRow = z.output<typeof lockedVariantRow>;

function parser<T>(schema: z.ZodType<T>, table: string): (row: unknown) => T {
  return (row) => {
    const result = schema.safeParse(row);
    if (result.success) return result.data;
    // A row that breaks its schema means a hand-edited table or a migration gone wrong, not a user error.
    const fields = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new ConnectorError('invalid_response', SANDBOX_PROVIDER, `A ${table} row does not match its schema (fields: ${fields})`);
  };
}

/** Parses a `sandbox_commerce_products` row with its aggregated variants. Raises `ConnectorError('invalid_response')`. */
export const parseProductRow = parser(productRow, 'sandbox_commerce_products');
/** Parses a `sandbox_commerce_customers` row. */
export const parseCustomerRow = parser(customerRow, 'sandbox_commerce_customers');
/** Parses a `sandbox_commerce_orders` row with its aggregated items. */
export const parseOrderRow = parser(orderRow, 'sandbox_commerce_orders');
/** Parses a variant row as `createOrder` locks it (joined with its product's title). */
export const parseLockedVariantRow = parser(lockedVariantRow, 'sandbox_commerce_variants');
