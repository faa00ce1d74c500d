import type { SqlMigration } from '@bizosaas/domain';

/**
 * Tables of the sandbox email marketing connector, in the platform database (PGlite and PostgreSQL).
 *
 * Keyed by (dataset, id) like every sandbox table; `seq` is the list order and the cursor. A member's
 * email is unique per audience case-insensitively (Mailchimp keys members by the lower-cased email's
 * hash), which is also what `upsertAudienceMember` conflicts on.
 */
export const sandboxEmailMarketingMigrations: readonly SqlMigration[] = [
  {
    id: 'sandbox-email-marketing-0001-tables',
    sql: `
create table if not exists sandbox_email_audiences (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id)
);

create table if not exists sandbox_email_audience_members (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  audience_id text not null,
  email text not null,
  first_name text,
  last_name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id),
  foreign key (dataset, audience_id) references sandbox_email_audiences (dataset, id)
);
create unique index if not exists sandbox_email_audience_members_email on sandbox_email_audience_members (dataset, audience_id, lower(email));

create table if not exists sandbox_email_campaigns (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  name text not null,
  subject text not null,
  status text not null check (status in ('draft', 'scheduled', 'sending', 'sent')),
  audience_id text not null,
  html text not null,
  sent_at timestamptz,
  recipients integer check (recipients >= 0),
  opens integer check (opens >= 0),
  clicks integer check (clicks >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id),
  check ((status = 'sent') = (sent_at is not null)),
  foreign key (dataset, audience_id) references sandbox_email_audiences (dataset, id)
);
create index if not exists sandbox_email_campaigns_seq on sandbox_email_campaigns (dataset, seq);
`,
  },
  {
    // Segments are tags on members (Mailchimp's static segments); a campaign may go to one segment only.
    id: 'sandbox-email-marketing-0002-segments',
    sql: `
create table if not exists sandbox_email_segments (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  audience_id text not null,
  name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id),
  foreign key (dataset, audience_id) references sandbox_email_audiences (dataset, id)
);
create unique index if not exists sandbox_email_segments_name on sandbox_email_segments (dataset, audience_id, name);

create table if not exists sandbox_email_segment_members (
  dataset text not null,
  segment_id text not null,
  member_id text not null,
  primary key (dataset, segment_id, member_id),
  foreign key (dataset, segment_id) references sandbox_email_segments (dataset, id),
  foreign key (dataset, member_id) references sandbox_email_audience_members (dataset, id)
);

alter table sandbox_email_campaigns add column if not exists segment_id text;
`,
  },
];
