const HOUR_MS = 3_600_000;

/** The quota kinds GA4 meters in a time window, as `propertyQuota` names them and as `/metrics` labels them. */
export const GA4_QUOTA_WINDOWS = [
  { field: 'tokensPerHour', kind: 'tokens_per_hour', window: 'hour' },
  { field: 'tokensPerProjectPerHour', kind: 'tokens_per_project_per_hour', window: 'hour' },
  { field: 'tokensPerDay', kind: 'tokens_per_day', window: 'day' },
] as const;

export type Ga4QuotaWindow = (typeof GA4_QUOTA_WINDOWS)[number];

/** When a window that contains `now` ends: the next full hour, or the next midnight in Google's Pacific time. */
export function windowEnd(window: Ga4QuotaWindow['window'], now: number): number {
  return window === 'hour' ? Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS : nextPacificMidnight(now);
}

const pacific = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/**
 * GA4's daily quotas reset at midnight Pacific time. The offset is the one in force at `now` (a daylight
 * saving change between now and midnight cannot happen: the clocks change at 02:00).
 */
export function nextPacificMidnight(now: number): number {
  const parts = pacific.formatToParts(now);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wallAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offsetMs = wallAsUtc - Math.floor(now / 1000) * 1000;
  return Date.UTC(get('year'), get('month') - 1, get('day') + 1) - offsetMs;
}
