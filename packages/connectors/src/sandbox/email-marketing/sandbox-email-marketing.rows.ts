import { ConnectorError } from '@bizosaas/domain';
import { z } from 'zod';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';

// bigint arrives as a string from `pg` and as a number or bigint from PGlite: normalised here only.
const seq = z.union([z.string(), z.number(), z.bigint()]).transform((value) => String(value));
const timestamp = z.union([z.date(), z.string()]).transform((value) => (value instanceof Date ? value : new Date(value)));

const campaignRow = z.object({
  dataset: z.string(),
  id: z.string(),
  seq,
  name: z.string(),
  subject: z.string(),
  status: z.enum(['draft', 'scheduled', 'sending', 'sent']),
  audience_id: z.string(),
  segment_id: z.string().nullish().transform((value) => value ?? null),
  html: z.string(),
  sent_at: timestamp.nullable(),
  recipients: z.number().int().nullable(),
  opens: z.number().int().nullable(),
  clicks: z.number().int().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

export type SandboxCampaignRow = z.output<typeof campaignRow>;

/**
 * Parses one `sandbox_email_campaigns` row. Raises `ConnectorError('invalid_response')` naming the bad
 * fields (never their values): a row that breaks its schema means a hand-edited table.
 */
export function parseCampaignRow(row: unknown): SandboxCampaignRow {
  const result = campaignRow.safeParse(row);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
  throw new ConnectorError('invalid_response', SANDBOX_PROVIDER, `A sandbox_email_campaigns row does not match its schema (fields: ${fields})`);
}
