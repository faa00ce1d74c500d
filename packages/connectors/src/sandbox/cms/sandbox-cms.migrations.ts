import type { SqlMigration } from '@bizosaas/domain';

/**
 * Tables of the sandbox CMS, in the platform database (PostgreSQL dialect; PGlite and PostgreSQL).
 *
 * Keyed by (dataset, id) like every sandbox table. `seq` is the list order and the cursor: the CMS lists
 * newest first, so it pages by descending `seq` (unlike created_at it never ties). The public URL is not
 * stored: it is the site's base URL plus the slug, so a slug change moves the URL with it.
 */
export const sandboxCmsMigrations: readonly SqlMigration[] = [
  {
    id: 'sandbox-cms-0001-tables',
    sql: `
create table if not exists sandbox_cms_sites (
  dataset text not null,
  -- One site per dataset today ('site'); the key stays (dataset, id) like every sandbox table.
  id text not null,
  seq bigint generated always as identity,
  base_url text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id)
);

create table if not exists sandbox_cms_content (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  kind text not null check (kind in ('post', 'page')),
  title text not null,
  slug text not null,
  body text not null,
  excerpt text,
  status text not null check (status in ('draft', 'published')),
  published_at timestamptz,
  author_name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id),
  unique (dataset, kind, slug)
);
create index if not exists sandbox_cms_content_seq on sandbox_cms_content (dataset, seq);
create index if not exists sandbox_cms_content_kind_status on sandbox_cms_content (dataset, kind, status, seq);
`,
  },
];
