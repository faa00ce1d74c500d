import { ConnectorError } from '@bizosaas/domain';
import { z } from 'zod';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';

// bigint arrives as a string from `pg` and as a number or bigint from PGlite: normalised here only.
const seq = z.union([z.string(), z.number(), z.bigint()]).transform((value) => String(value));
const timestamp = z.union([z.date(), z.string()]).transform((value) => (value instanceof Date ? value : new Date(value)));

const messageRow = z.object({
  dataset: z.string(),
  id: z.string(),
  seq,
  channel: z.enum(['sms', 'whatsapp']),
  direction: z.enum(['outbound', 'inbound']),
  from_number: z.string(),
  to_number: z.string(),
  body: z.string(),
  status: z.enum(['queued', 'sent', 'delivered', 'failed', 'received']),
  error_message: z.string().nullable(),
  idempotency_key: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

export type SandboxMessageRow = z.output<typeof messageRow>;

/**
 * Parses one `sandbox_messaging_messages` row. Raises `ConnectorError('invalid_response')` naming the
 * bad fields (never their values).
 */
export function parseMessageRow(row: unknown): SandboxMessageRow {
  const result = messageRow.safeParse(row);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
  throw new ConnectorError('invalid_response', SANDBOX_PROVIDER, `A sandbox_messaging_messages row does not match its schema (fields: ${fields})`);
}
