import { describe, expect, it } from 'vitest';
import { buildSandboxCmsSeed } from '../cms/sandbox-cms.seed.js';
import { buildSandboxAnalyticsSeed } from './sandbox-analytics.seed.js';

describe('buildSandboxAnalyticsSeed', () => {
  const acme = buildSandboxAnalyticsSeed('acme');
  const globex = buildSandboxAnalyticsSeed('globex');

  it('is deterministic', () => {
    expect(buildSandboxAnalyticsSeed('globex')).toEqual(globex);
  });

  it.each([['acme', 5, acme] as const, ['globex', 3, globex] as const])('%s: 120 days to 2026-11-24, published pages only, %i countries', (profile, countries, rows) => {
    const dates = [...new Set(rows.map((row) => row.date))].sort();
    expect(dates).toHaveLength(120);
    expect([dates[0], dates.at(-1)]).toEqual(['2026-07-28', '2026-11-24']);
    expect(new Set(rows.map((row) => row.country)).size).toBe(countries);

    const published = new Map(buildSandboxCmsSeed(profile).items.filter((i) => i.publishedAt !== null).map((i) => [new URL(i.url).pathname, i.publishedAt]));
    expect(new Set(rows.map((row) => row.pagePath))).toEqual(new Set(published.keys()));
    const implausible = rows.filter(
      (row) =>
        // No traffic before a page went live; views >= sessions >= users; engaged <= sessions.
        row.date < (published.get(row.pagePath)?.toISOString().slice(0, 10) ?? '9999') ||
        row.screenPageViews <= 0 ||
        row.sessions > row.screenPageViews ||
        row.sessions < row.activeUsers ||
        row.engagedSessions > row.sessions,
    );
    expect(implausible).toEqual([]);
    expect(new Set(rows.map((row) => `${row.date}|${row.pagePath}|${row.country}`)).size).toBe(rows.length);
  });

  it('has weekly seasonality and a few popular pages', () => {
    const viewsBy = (key: (row: (typeof acme)[number]) => string) => {
      const totals = new Map<string, number>();
      for (const row of acme) totals.set(key(row), (totals.get(key(row)) ?? 0) + row.screenPageViews);
      return totals;
    };
    const weekday = viewsBy((row) => String(new Date(`${row.date}T00:00:00Z`).getUTCDay()));
    expect((weekday.get('0') ?? 0) * 2).toBeLessThan(weekday.get('3') ?? 0);
    const pages = [...viewsBy((row) => row.pagePath).values()].sort((a, b) => b - a);
    expect(pages[0] ?? 0).toBeGreaterThan(5 * (pages.at(-1) ?? 0));
  });

  it('differs between profiles', () => {
    expect(new Set(acme.map((row) => row.country))).not.toEqual(new Set(globex.map((row) => row.country)));
    expect(acme.some((row) => row.pagePath.startsWith('/blog/'))).toBe(true);
  });
});
