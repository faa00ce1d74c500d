import type { SqlMigration } from '@bizosaas/domain';

/**
 * Tables of the sandbox billing system, in the platform database (PGlite and PostgreSQL).
 *
 * Keyed by (dataset, id) like every sandbox table; `seq` is list order and cursor. Money is text +
 * currency. Customers are known by email only, as the cross-domain joins (CRM contact -> invoices) use it.
 */
export const sandboxBillingMigrations: readonly SqlMigration[] = [
  {
    id: 'sandbox-billing-0001-tables',
    sql: `
create table if not exists sandbox_billing_invoices (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  number text,
  customer_email text,
  status text not null check (status in ('draft', 'open', 'paid', 'void', 'uncollectible')),
  currency text not null,
  total text not null,
  amount_due text not null,
  due_date timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id)
);
create index if not exists sandbox_billing_invoices_seq on sandbox_billing_invoices (dataset, seq);
create index if not exists sandbox_billing_invoices_email on sandbox_billing_invoices (dataset, lower(customer_email));

create table if not exists sandbox_billing_subscriptions (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  customer_email text,
  status text not null check (status in ('trialing', 'active', 'past_due', 'canceled', 'incomplete')),
  plan_name text not null,
  price text not null,
  currency text not null,
  interval text not null check (interval in ('month', 'year')),
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id)
);
create index if not exists sandbox_billing_subscriptions_seq on sandbox_billing_subscriptions (dataset, seq);
create index if not exists sandbox_billing_subscriptions_email on sandbox_billing_subscriptions (dataset, lower(customer_email));
`,
  },
  {
    // Invoices created through the port (BillingPort.createInvoice): the caller's idempotency key, unique per
    // dataset, so a repeated create answers the first invoice.
    id: 'sandbox-billing-0002-invoice-idempotency',
    sql: `
alter table sandbox_billing_invoices add column if not exists idempotency_key text;
create unique index if not exists sandbox_billing_invoices_idempotency on sandbox_billing_invoices (dataset, idempotency_key);
`,
  },
];
