import type { Violations } from '@bizosaas/domain';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Whether `text` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Adds violations for a bad range: malformed dates, end before start, or longer than `maxDays`. */
export function checkDateRange(v: Violations, startField: string, start: string, endField: string, end: string, maxDays = 366): void {
  const startOk = isIsoDate(start);
  const endOk = isIsoDate(end);
  if (!startOk) v.add(startField, `must be an ISO date such as "2026-11-01" (got "${start}")`);
  if (!endOk) v.add(endField, `must be an ISO date such as "2026-11-30" (got "${end}")`);
  if (!startOk || !endOk) return;
  const days = (Date.parse(end) - Date.parse(start)) / DAY_MS;
  if (days < 0) v.add(endField, `must not be before ${startField} (${start})`);
  else if (days > maxDays) v.add(endField, `must be at most ${maxDays} days after ${startField}`);
}

/** The default analytics window: the `days` days up to yesterday (UTC), as ISO dates. */
export function lastDays(now: Date, days: number): { startDate: string; endDate: string } {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - DAY_MS);
  const start = new Date(end.getTime() - (days - 1) * DAY_MS);
  return { startDate: start.toISOString().slice(0, 10), endDate: end.toISOString().slice(0, 10) };
}
