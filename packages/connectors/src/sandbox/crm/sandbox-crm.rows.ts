import { ConnectorError } from '@bizosaas/domain';
import { z } from 'zod';

/**
 * Row schemas of the sandbox tables: the one place where database output becomes typed. Drivers differ
 * (bigint comes back as a string from `pg`, as a number or bigint from PGlite), so `seq` is normalised
 * to a string here and nowhere else.
 */
const seq = z.union([z.string(), z.number(), z.bigint()]).transform((value) => String(value));
const timestamp = z.union([z.date(), z.string()]).transform((value) => (value instanceof Date ? value : new Date(value)));

const companyRow = z.object({
  dataset: z.string(),
  id: z.string(),
  seq,
  name: z.string(),
  domain: z.string().nullable(),
  industry: z.string().nullable(),
  employee_count: z.number().int().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

const contactRow = z.object({
  dataset: z.string(),
  id: z.string(),
  seq,
  email: z.string(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  phone: z.string().nullable(),
  job_title: z.string().nullable(),
  company_id: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

const stage = z.object({
  id: z.string(),
  name: z.string(),
  probability: z.number().int().min(0).max(100),
  closed: z.boolean(),
  won: z.boolean(),
});

const pipelineRow = z.object({
  dataset: z.string(),
  id: z.string(),
  position: z.number().int(),
  name: z.string(),
  // jsonb arrives parsed from both drivers; a string would mean a text column someone changed by hand.
  stages: z.array(stage),
  created_at: timestamp,
  updated_at: timestamp,
});

const dealRow = z.object({
  dataset: z.string(),
  id: z.string(),
  seq,
  title: z.string(),
  amount: z.string().nullable(),
  currency: z.string().nullable(),
  pipeline_id: z.string(),
  stage_id: z.string(),
  probability: z.number().int().nullable(),
  close_date: timestamp.nullable(),
  contact_id: z.string().nullable(),
  company_id: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

export type SandboxCompanyRow = z.output<typeof companyRow>;
export type SandboxContactRow = z.output<typeof contactRow>;
export type SandboxPipelineRow = z.output<typeof pipelineRow>;
export type SandboxStage = z.output<typeof stage>;
export type SandboxDealRow = z.output<typeof dealRow>;

function parser<T>(schema: z.ZodType<T>, table: string): (row: unknown) => T {
  return (row) => {
    const result = schema.safeParse(row);
    if (result.success) return result.data;
    // A row that breaks its schema means a hand-edited table or a migration gone wrong, not a user error.
    const fields = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new ConnectorError('invalid_response', 'sandbox', `A ${table} row does not match its schema (fields: ${fields})`);
  };
}

/** Parses one `sandbox_crm_companies` row. Raises `ConnectorError('invalid_response')` on a malformed row. */
export const parseCompanyRow = parser(companyRow, 'sandbox_crm_companies');
/** Parses one `sandbox_crm_contacts` row. */
export const parseContactRow = parser(contactRow, 'sandbox_crm_contacts');
/** Parses one `sandbox_crm_pipelines` row, stages included. */
export const parsePipelineRow = parser(pipelineRow, 'sandbox_crm_pipelines');
/** Parses one `sandbox_crm_deals` row. */
export const parseDealRow = parser(dealRow, 'sandbox_crm_deals');
