import { expect } from 'vitest';
import type { AnalyticsReport, ReportRequest } from '../analytics/analytics.entities.js';
import type { AnalyticsPort } from '../analytics/analytics.port.js';
import { ValidationError } from '../shared/errors.js';

/** Data the setup seeded and the analytics cases rely on (the port cannot write). */
export interface AnalyticsKnownData {
  /** A page path with page views and sessions in the range. */
  readonly pagePath: string;
  /** ISO days, inclusive; the range holds at least two days with traffic on `pagePath`. */
  readonly startDate: string;
  readonly endDate: string;
}

/** What every analytics contract case gets: the port under test and the data its setup seeded. */
export interface AnalyticsPortContractEnv {
  readonly port: AnalyticsPort;
  readonly known: AnalyticsKnownData;
  /** Marks the case as skipped (the provider or setup lacks what it needs), with the reason. */
  skip(reason: string): never;
}

/** One analytics contract case: a name for `it` and a body that throws when the port breaks the contract. */
export interface AnalyticsPortContractCase {
  readonly name: string;
  run(env: AnalyticsPortContractEnv): Promise<void>;
}

/** A request over the known range with `metrics` and `dimensions`, plus `extra` (filters, limit). */
export function knownRequest(env: AnalyticsPortContractEnv, metrics: readonly string[], dimensions: readonly string[], extra: Partial<ReportRequest> = {}): ReportRequest {
  return { metrics, dimensions, startDate: env.known.startDate, endDate: env.known.endDate, ...extra };
}

/** Column `index` of every row's metrics, summed exactly (integer metrics as BigInt, never floats). */
export function sumMetric(report: AnalyticsReport, index: number): bigint {
  return report.rows.reduce((sum, row) => sum + BigInt(row.metrics[index] ?? 'NaN'), 0n);
}

/** The rows as `dimension values -> metric values`, for comparing reports regardless of row order. */
export function rowsByDimensions(report: AnalyticsReport): Map<string, readonly string[]> {
  return new Map(report.rows.map((row) => [JSON.stringify(row.dimensions), row.metrics]));
}

/** Asserts `promise` rejects with a `ValidationError` one of whose violations names a field `field` matches. */
export async function expectViolation(promise: Promise<unknown>, field: string | RegExp): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ValidationError);
  const fields = error instanceof ValidationError ? error.violations.map((v) => v.field) : [];
  expect(fields.some((name) => (typeof field === 'string' ? name === field : field.test(name)))).toBe(true);
}
