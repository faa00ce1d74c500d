import type { SqlMigration } from '@bizosaas/domain';

/**
 * Tables of the sandbox shop, in the platform database (PostgreSQL dialect; PGlite and PostgreSQL).
 *
 * Keyed by (dataset, id) like every sandbox table; `seq` is list order and cursor. Money is text +
 * currency so "19.90" stays "19.90". Inventory can never go negative: the CHECK is the last line of
 * defence behind the adapter's guarded UPDATEs.
 */
export const sandboxCommerceMigrations: readonly SqlMigration[] = [
  {
    id: 'sandbox-commerce-0001-tables',
    sql: `
create table if not exists sandbox_commerce_products (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  title text not null,
  description text,
  status text not null default 'active' check (status in ('active', 'draft', 'archived')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id)
);
create index if not exists sandbox_commerce_products_seq on sandbox_commerce_products (dataset, seq);

create table if not exists sandbox_commerce_variants (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  product_id text not null,
  sku text,
  title text not null,
  price_amount text not null,
  currency text not null,
  inventory integer not null default 0 check (inventory >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id),
  foreign key (dataset, product_id) references sandbox_commerce_products (dataset, id)
);
create index if not exists sandbox_commerce_variants_product on sandbox_commerce_variants (dataset, product_id, seq);

create table if not exists sandbox_commerce_customers (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  email text not null,
  first_name text,
  last_name text,
  phone text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id)
);
create index if not exists sandbox_commerce_customers_seq on sandbox_commerce_customers (dataset, seq);
create index if not exists sandbox_commerce_customers_email on sandbox_commerce_customers (dataset, lower(email));

create table if not exists sandbox_commerce_orders (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  number text not null,
  customer_id text,
  email text,
  currency text not null,
  subtotal_amount text not null,
  total_amount text not null,
  financial_status text not null check (financial_status in ('pending', 'paid', 'refunded', 'voided')),
  fulfillment_status text not null check (fulfillment_status in ('unfulfilled', 'partial', 'fulfilled', 'cancelled')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id),
  unique (dataset, number),
  foreign key (dataset, customer_id) references sandbox_commerce_customers (dataset, id)
);
create index if not exists sandbox_commerce_orders_seq on sandbox_commerce_orders (dataset, seq);
create index if not exists sandbox_commerce_orders_email on sandbox_commerce_orders (dataset, lower(email));

create table if not exists sandbox_commerce_order_items (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  order_id text not null,
  product_id text not null,
  variant_id text not null,
  title text not null,
  quantity integer not null check (quantity >= 1),
  unit_price_amount text not null,
  total_amount text not null,
  currency text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id),
  foreign key (dataset, order_id) references sandbox_commerce_orders (dataset, id),
  foreign key (dataset, variant_id) references sandbox_commerce_variants (dataset, id)
);
create index if not exists sandbox_commerce_order_items_order on sandbox_commerce_order_items (dataset, order_id, seq);

-- Per-dataset counters (the next order number). An upsert on one row is atomic, so two orders placed at
-- once never share a number, even when they lock disjoint variants.
create table if not exists sandbox_commerce_counters (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  value bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id)
);
`,
  },
];
