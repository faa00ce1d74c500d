import type { SqlMigration } from '@bizosaas/domain';

/**
 * Tables of the sandbox CRM, in the platform database (PostgreSQL dialect; PGlite and PostgreSQL).
 *
 * Every table is keyed by (dataset, id): one database holds many tenants' sandboxes. `seq` is the list
 * order and the cursor (insertion order = oldest first, and unlike created_at it never ties). Money is
 * text + currency: numeric(19,4) would turn the caller's "1234.50" into "1234.5000".
 */
export const sandboxCrmMigrations: readonly SqlMigration[] = [
  {
    id: 'sandbox-crm-0001-tables',
    sql: `
create table if not exists sandbox_crm_companies (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  name text not null,
  domain text,
  industry text,
  employee_count integer check (employee_count >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id)
);
create index if not exists sandbox_crm_companies_seq on sandbox_crm_companies (dataset, seq);

create table if not exists sandbox_crm_contacts (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  email text not null,
  first_name text,
  last_name text,
  phone text,
  job_title text,
  company_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id),
  foreign key (dataset, company_id) references sandbox_crm_companies (dataset, id)
);
create index if not exists sandbox_crm_contacts_seq on sandbox_crm_contacts (dataset, seq);
create index if not exists sandbox_crm_contacts_email on sandbox_crm_contacts (dataset, lower(email));
create index if not exists sandbox_crm_contacts_company on sandbox_crm_contacts (dataset, company_id);

create table if not exists sandbox_crm_pipelines (
  dataset text not null,
  id text not null,
  position integer not null default 0,
  name text not null,
  -- [{ "id", "name", "probability", "closed", "won" }] in stage order
  stages jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id)
);

create table if not exists sandbox_crm_deals (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  title text not null,
  amount text,
  currency text,
  pipeline_id text not null,
  stage_id text not null,
  probability integer,
  close_date timestamptz,
  contact_id text,
  company_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id),
  check ((amount is null) = (currency is null)),
  foreign key (dataset, pipeline_id) references sandbox_crm_pipelines (dataset, id),
  foreign key (dataset, contact_id) references sandbox_crm_contacts (dataset, id),
  foreign key (dataset, company_id) references sandbox_crm_companies (dataset, id)
);
create index if not exists sandbox_crm_deals_seq on sandbox_crm_deals (dataset, seq);
create index if not exists sandbox_crm_deals_contact on sandbox_crm_deals (dataset, contact_id);
create index if not exists sandbox_crm_deals_company on sandbox_crm_deals (dataset, company_id);
`,
  },
  {
    // findContactsByEmails matches case-insensitively.
    id: 'sandbox-crm-0002-contact-email-lower',
    sql: 'create index if not exists sandbox_crm_contacts_email_lower on sandbox_crm_contacts (dataset, lower(email));',
  },
];
