import { z } from 'zod';

const quotaStatus = z.object({ consumed: z.number().optional(), remaining: z.number().optional() }).optional();

/** `PropertyQuota` (returned when `returnPropertyQuota` is set): what this property has left. */
export const ga4PropertyQuotaSchema = z.object({
  tokensPerDay: quotaStatus,
  tokensPerHour: quotaStatus,
  concurrentRequests: quotaStatus,
  tokensPerProjectPerHour: quotaStatus,
});
export type Ga4PropertyQuota = z.infer<typeof ga4PropertyQuotaSchema>;

const valueSchema = z.object({ value: z.string().optional() });

/** `RunReportResponse` (https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/RunReportResponse). */
export const ga4ReportSchema = z.object({
  dimensionHeaders: z.array(z.object({ name: z.string() })).optional(),
  metricHeaders: z.array(z.object({ name: z.string(), type: z.string().optional() })).optional(),
  rows: z.array(z.object({ dimensionValues: z.array(valueSchema).optional(), metricValues: z.array(valueSchema).optional() })).optional(),
  rowCount: z.number().int().optional(),
  propertyQuota: ga4PropertyQuotaSchema.optional(),
});
export type Ga4Report = z.infer<typeof ga4ReportSchema>;

/** `BatchRunReportsResponse`: one report per request, in order. */
export const ga4BatchSchema = z.object({ reports: z.array(ga4ReportSchema).optional() });

/** The token endpoint's answer to a JWT-bearer grant. */
export const ga4TokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });
