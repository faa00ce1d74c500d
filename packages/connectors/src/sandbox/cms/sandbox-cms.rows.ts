import { ConnectorError } from '@bizosaas/domain';
import { z } from 'zod';

/**
 * Row schema of `sandbox_cms_content` as the adapter selects it: the table's columns plus `base_url`,
 * the dataset's site URL (null when the dataset has no site row). `seq` is normalised to a string here:
 * `pg` answers bigint as a string, PGlite as a number or bigint.
 */
const seq = z.union([z.string(), z.number(), z.bigint()]).transform((value) => String(value));
const timestamp = z.union([z.date(), z.string()]).transform((value) => (value instanceof Date ? value : new Date(value)));

const contentRow = z.object({
  dataset: z.string(),
  id: z.string(),
  seq,
  kind: z.enum(['post', 'page']),
  title: z.string(),
  slug: z.string(),
  body: z.string(),
  excerpt: z.string().nullable(),
  status: z.enum(['draft', 'published']),
  published_at: timestamp.nullable(),
  author_name: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  base_url: z.string().nullable(),
});

export type SandboxContentRow = z.output<typeof contentRow>;

/**
 * Parses one content row (with its `base_url`). Raises `ConnectorError('invalid_response')` naming the
 * fields, never the values, when the row breaks its schema (a hand-edited table or a broken migration).
 */
export function parseContentRow(row: unknown): SandboxContentRow {
  const result = contentRow.safeParse(row);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
  throw new ConnectorError('invalid_response', 'sandbox', `A sandbox_cms_content row does not match its schema (fields: ${fields})`);
}
