import type { SqlMigration } from '@bizosaas/domain';

/**
 * Tables of the sandbox messaging connector (PGlite and PostgreSQL), keyed by (dataset, id) with `seq`
 * as list order and cursor.
 *
 * `sandbox_messaging_numbers` are the dataset's sender numbers (the first by `seq` sends). A message's
 * idempotency key is unique per dataset: the unique index is what makes a retried send race-safe
 * (`on conflict do nothing`). Keys are nullable and nulls never conflict, so sends without a key are free.
 */
export const sandboxMessagingMigrations: readonly SqlMigration[] = [
  {
    id: 'sandbox-messaging-0001-tables',
    sql: `
create table if not exists sandbox_messaging_numbers (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  phone_number text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id)
);

create table if not exists sandbox_messaging_messages (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  channel text not null check (channel in ('sms', 'whatsapp')),
  direction text not null check (direction in ('outbound', 'inbound')),
  from_number text not null,
  to_number text not null,
  body text not null,
  status text not null check (status in ('queued', 'sent', 'delivered', 'failed', 'received')),
  error_message text,
  idempotency_key text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id)
);
create index if not exists sandbox_messaging_messages_seq on sandbox_messaging_messages (dataset, seq);
create unique index if not exists sandbox_messaging_messages_idempotency on sandbox_messaging_messages (dataset, idempotency_key);
`,
  },
];
