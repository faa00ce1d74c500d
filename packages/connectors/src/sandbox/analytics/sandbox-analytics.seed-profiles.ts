import type { SandboxCmsProfileName } from '../cms/sandbox-cms.seed-profiles.js';

/** The demo sites' traffic, by the same profile names as their CMS content. */
export type SandboxAnalyticsProfileName = SandboxCmsProfileName;

/** What makes one demo site's traffic differ from another's; the seed turns it into daily rows. */
export interface SandboxAnalyticsProfile {
  /** PRNG seed: the same profile always yields the same numbers. */
  readonly seed: number;
  /** Page views a whole site gets on an ordinary weekday. */
  readonly weekdayViews: number;
  /** Saturday and Sunday traffic relative to a weekday (B2B sites go quiet at weekends). */
  readonly weekendFactor: number;
  /** Countries (GA4 reports country names) and their share of traffic; shares add up to 1. */
  readonly countries: readonly (readonly [country: string, share: number])[];
  /** Share of sessions that are engaged, as a range per row. */
  readonly engagement: readonly [min: number, max: number];
}

/** The last day of seeded traffic, fixed so every machine and every day shows the same numbers. */
export const SANDBOX_ANALYTICS_END_DATE = '2026-11-24';
/** How many days of traffic the seed generates, ending on `SANDBOX_ANALYTICS_END_DATE`. */
export const SANDBOX_ANALYTICS_DAYS = 120;

/** Acme Cloud: a European software vendor's site, read across the EU and the UK. */
const acme: SandboxAnalyticsProfile = {
  seed: 0xa7a1,
  weekdayViews: 1400,
  weekendFactor: 0.35,
  countries: [
    ['Germany', 0.32],
    ['United Kingdom', 0.22],
    ['France', 0.16],
    ['Netherlands', 0.16],
    ['Sweden', 0.14],
  ],
  engagement: [0.5, 0.75],
};

/** Globex Industrial: a US manufacturer's site, read mostly in North America. */
const globex: SandboxAnalyticsProfile = {
  seed: 0x610a,
  weekdayViews: 700,
  weekendFactor: 0.55,
  countries: [
    ['United States', 0.8],
    ['Canada', 0.12],
    ['Mexico', 0.08],
  ],
  engagement: [0.4, 0.65],
};

/** The analytics seed profiles by name. */
export const sandboxAnalyticsProfiles: Readonly<Record<SandboxAnalyticsProfileName, SandboxAnalyticsProfile>> = { acme, globex };
