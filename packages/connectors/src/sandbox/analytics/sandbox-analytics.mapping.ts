import { ConnectorError, type AnalyticsReport, type ReportRequest, type ReportRow } from '@bizosaas/domain';
import { z } from 'zod';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';

// What `buildReportQuery` selects: d0.., m0.. as text and the group count (int; bigint-safe anyway).
const reportRow = z
  .object({ row_count: z.union([z.number(), z.string(), z.bigint()]).transform((value) => Number(value)) })
  .catchall(z.unknown());

function invalid(reason: string): ConnectorError {
  return new ConnectorError('invalid_response', SANDBOX_PROVIDER, `A sandbox analytics report row ${reason}`);
}

function textColumn(row: Record<string, unknown>, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw invalid(`has no text in column ${column}`);
  return value;
}

/**
 * The report for `request` from the rows of its one query. Pure. Headers echo the request; each row has
 * one value per dimension and per metric in request order; `rowCount` counts every group, also those a
 * `limit` cut off (GA4's rowCount). Raises `ConnectorError('invalid_response')` for a row of the wrong shape.
 */
export function reportFromRows(rows: readonly unknown[], request: ReportRequest, connectionId: string): AnalyticsReport {
  let rowCount = 0;
  const reportRows: ReportRow[] = rows.map((raw) => {
    const parsed = reportRow.safeParse(raw);
    if (!parsed.success) throw invalid('does not match its schema (fields: row_count)');
    rowCount = parsed.data.row_count;
    return {
      dimensions: request.dimensions.map((_, i) => textColumn(parsed.data, `d${i}`)),
      metrics: request.metrics.map((_, i) => textColumn(parsed.data, `m${i}`)),
    };
  });
  return {
    dimensionHeaders: [...request.dimensions],
    metricHeaders: [...request.metrics],
    rows: reportRows,
    rowCount,
    source: { provider: SANDBOX_PROVIDER, connectionId },
  };
}
