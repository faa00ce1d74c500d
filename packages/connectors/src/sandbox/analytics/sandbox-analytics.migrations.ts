import type { SqlMigration } from '@bizosaas/domain';

/**
 * Tables of the sandbox analytics, in the platform database (PostgreSQL dialect; PGlite and PostgreSQL).
 *
 * One row per dataset, day, page and country, like a GA4 export at daily grain; reports aggregate it with
 * GROUP BY. Counts are integers (they are counts, never money); rates are computed per report, because an
 * average of daily rates is not the rate of the period.
 */
export const sandboxAnalyticsMigrations: readonly SqlMigration[] = [
  {
    id: 'sandbox-analytics-0001-tables',
    sql: `
create table if not exists sandbox_analytics_daily_metrics (
  dataset text not null,
  id text not null,
  seq bigint generated always as identity,
  date date not null,
  page_path text not null,
  country text not null,
  screen_page_views integer not null check (screen_page_views >= 0),
  active_users integer not null check (active_users >= 0),
  engaged_sessions integer not null check (engaged_sessions >= 0),
  sessions integer not null check (sessions >= engaged_sessions),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataset, id),
  unique (dataset, date, page_path, country)
);
create index if not exists sandbox_analytics_daily_metrics_path on sandbox_analytics_daily_metrics (dataset, page_path, date);
`,
  },
];
