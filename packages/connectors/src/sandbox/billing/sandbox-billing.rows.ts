import { ConnectorError } from '@bizosaas/domain';
import { z } from 'zod';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';

/**
 * Row schemas of the sandbox billing tables: the one place where database output becomes typed. `seq`
 * comes back as a string (pg), a number or a bigint (PGlite) and is normalised to a string here.
 */
const seq = z.union([z.string(), z.number(), z.bigint()]).transform((value) => String(value));
const timestamp = z.union([z.date(), z.string()]).transform((value) => (value instanceof Date ? value : new Date(value)));

const invoiceRow = z.object({
  dataset: z.string(),
  id: z.string(),
  seq,
  number: z.string().nullable(),
  customer_email: z.string().nullable(),
  status: z.enum(['draft', 'open', 'paid', 'void', 'uncollectible']),
  currency: z.string(),
  total: z.string(),
  amount_due: z.string(),
  due_date: timestamp.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

const subscriptionRow = z.object({
  dataset: z.string(),
  id: z.string(),
  seq,
  customer_email: z.string().nullable(),
  status: z.enum(['trialing', 'active', 'past_due', 'canceled', 'incomplete']),
  plan_name: z.string(),
  price: z.string(),
  currency: z.string(),
  interval: z.enum(['month', 'year']),
  current_period_end: timestamp.nullable(),
  cancel_at_period_end: z.boolean(),
  created_at: timestamp,
  updated_at: timestamp,
});

export type SandboxInvoiceRow = z.output<typeof invoiceRow>;
export type SandboxSubscriptionRow = z.output<typeof subscriptionRow>;

function parser<T>(schema: z.ZodType<T>, table: string): (row: unknown) => T {
  return (row) => {
    const result = schema.safeParse(row);
    if (result.success) return result.data;
    // A row that breaks its schema means a hand-edited table or a migration gone wrong, not a user error.
    const fields = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new ConnectorError('invalid_response', SANDBOX_PROVIDER, `A ${table} row does not match its schema (fields: ${fields})`);
  };
}

/** Parses a `sandbox_billing_invoices` row. Raises `ConnectorError('invalid_response')` on a malformed row. */
export const parseInvoiceRow = parser(invoiceRow, 'sandbox_billing_invoices');
/** Parses a `sandbox_billing_subscriptions` row. */
export const parseSubscriptionRow = parser(subscriptionRow, 'sandbox_billing_subscriptions');
