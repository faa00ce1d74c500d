import type { SqlClient } from '@bizosaas/domain';
import { buildSandboxCmsSeed } from '../cms/sandbox-cms.seed.js';
import { pad, prng } from '../shared/prng.js';
import { SANDBOX_ANALYTICS_DAYS, SANDBOX_ANALYTICS_END_DATE, sandboxAnalyticsProfiles, type SandboxAnalyticsProfileName } from './sandbox-analytics.seed-profiles.js';

/** One day of one page in one country, before it is inserted. */
export interface SandboxAnalyticsSeedRow {
  readonly id: string;
  /** ISO day. */
  readonly date: string;
  readonly pagePath: string;
  readonly country: string;
  readonly screenPageViews: number;
  readonly activeUsers: number;
  readonly engagedSessions: number;
  readonly sessions: number;
}

/** What `seedSandboxAnalyticsDataset` did. */
export interface SandboxAnalyticsSeedResult {
  /** False when the dataset already had rows and was left alone. */
  readonly seeded: boolean;
  readonly rows: number;
}

const DAY = 86_400_000;
// A post's launch week: extra traffic that fades over a few days.
const LAUNCH_BOOST = 3;
const LAUNCH_DECAY_DAYS = 4;

/**
 * Builds a profile's daily metrics for the published pages of its CMS seed (`buildSandboxCmsSeed`), over
 * the 120 days ending on 2026-11-24. Pure and deterministic. A few pages draw most traffic (Zipf-like
 * popularity), weekends are quiet, new posts peak in their first days; rows with no views are left out, as
 * GA4 leaves them out.
 */
export function buildSandboxAnalyticsSeed(profileName: SandboxAnalyticsProfileName): SandboxAnalyticsSeedRow[] {
  const profile = sandboxAnalyticsProfiles[profileName];
  const random = prng(profile.seed);
  const pages = buildSandboxCmsSeed(profileName).items.flatMap((item) =>
    item.publishedAt === null ? [] : [{ path: new URL(item.url).pathname, kind: item.kind, publishedDay: item.publishedAt.toISOString().slice(0, 10), publishedAt: item.publishedAt.getTime() }],
  );
  // Popularity: a random rank per page, weight 1/rank^0.8; pages (pricing, about) are visited from every post.
  const order = pages.map((_, i) => i);
  // Fisher-Yates with the seeded PRNG: a sort with a random comparator would depend on the engine's sort.
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    [order[i], order[j]] = [order[j] ?? j, order[i] ?? i];
  }
  const weights = pages.map((page, i) => (page.kind === 'page' ? 1.5 : 1) / ((order.indexOf(i) + 1) ** 0.8));
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);

  const end = Date.parse(`${SANDBOX_ANALYTICS_END_DATE}T00:00:00.000Z`);
  const rows: SandboxAnalyticsSeedRow[] = [];
  for (let d = SANDBOX_ANALYTICS_DAYS - 1; d >= 0; d -= 1) {
    const day = new Date(end - d * DAY);
    const date = day.toISOString().slice(0, 10);
    const weekday = day.getUTCDay();
    const season = weekday === 0 || weekday === 6 ? profile.weekendFactor : weekday >= 2 && weekday <= 4 ? 1.1 : 1;
    pages.forEach((page, i) => {
      if (page.publishedDay > date) return;
      const ageDays = (day.getTime() - page.publishedAt) / DAY;
      const launch = page.kind === 'post' ? 1 + LAUNCH_BOOST * Math.exp(-Math.max(0, ageDays) / LAUNCH_DECAY_DAYS) : 1;
      const expected = profile.weekdayViews * ((weights[i] ?? 0) / totalWeight) * season * launch;
      for (const [country, share] of profile.countries) {
        const screenPageViews = Math.round(expected * share * (0.75 + random.next() * 0.5));
        if (screenPageViews === 0) continue;
        const activeUsers = Math.max(1, Math.round(screenPageViews * (0.55 + random.next() * 0.25)));
        const sessions = Math.min(screenPageViews, Math.max(activeUsers, Math.round(activeUsers * (1.05 + random.next() * 0.2))));
        const [low, high] = profile.engagement;
        const engagedSessions = Math.round(sessions * (low + random.next() * (high - low)));
        rows.push({ id: `dm_${pad(rows.length + 1, 6)}`, date, pagePath: page.path, country, screenPageViews, activeUsers, engagedSessions, sessions });
      }
    });
  }
  return rows;
}

// Rows per insert statement: one unnest() insert per chunk instead of one statement per row.
const CHUNK = 2000;

/**
 * Seeds a sandbox analytics dataset with a profile's daily metrics, in one transaction. Idempotent: a
 * dataset that already has any rows is left alone (`seeded: false`).
 */
export async function seedSandboxAnalyticsDataset(
  sql: SqlClient,
  dataset: string,
  options: { profile: SandboxAnalyticsProfileName; /** Move the traffic so it ends on this ISO date (default: SANDBOX_ANALYTICS_END_DATE). */ endDate?: string },
): Promise<SandboxAnalyticsSeedResult> {
  const rows = shiftRows(buildSandboxAnalyticsSeed(options.profile), options.endDate);
  return sql.transaction(async (tx) => {
    // Two processes starting at once must not both seed: the second waits, then sees the rows.
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`sandbox_analytics:${dataset}`]);
    const existing = await tx.query('select exists(select 1 from sandbox_analytics_daily_metrics where dataset = $1) as has_rows', [dataset]);
    if (existing.rows[0]?.has_rows === true) return { seeded: false, rows: 0 };
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      await tx.query(
        `insert into sandbox_analytics_daily_metrics (dataset, id, date, page_path, country, screen_page_views, active_users, engaged_sessions, sessions)
         select $1, * from unnest($2::text[], $3::date[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::int[])`,
        [
          dataset,
          chunk.map((row) => row.id),
          chunk.map((row) => row.date),
          chunk.map((row) => row.pagePath),
          chunk.map((row) => row.country),
          chunk.map((row) => row.screenPageViews),
          chunk.map((row) => row.activeUsers),
          chunk.map((row) => row.engagedSessions),
          chunk.map((row) => row.sessions),
        ],
      );
    }
    return { seeded: true, rows: rows.length };
  });
}

/**
 * The same traffic, moved by whole days so it ends on `endDate`. A demo connected months after the seed
 * was written still shows traffic in "the last 28 days"; the shape of the data stays deterministic.
 */
function shiftRows(rows: SandboxAnalyticsSeedRow[], endDate: string | undefined): SandboxAnalyticsSeedRow[] {
  if (endDate === undefined || endDate === SANDBOX_ANALYTICS_END_DATE) return rows;
  const offset = Date.parse(`${endDate}T00:00:00.000Z`) - Date.parse(`${SANDBOX_ANALYTICS_END_DATE}T00:00:00.000Z`);
  if (Number.isNaN(offset)) throw new RangeError(`endDate must be an ISO date, got ${endDate}`);
  return rows.map((row) => ({ ...row, date: new Date(Date.parse(`${row.date}T00:00:00.000Z`) + offset).toISOString().slice(0, 10) }));
}
