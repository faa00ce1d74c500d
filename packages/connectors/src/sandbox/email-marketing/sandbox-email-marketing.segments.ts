import { randomBytes } from 'node:crypto';
import type { AudienceSegment, EntityIds, SegmentRequest, SqlClient } from '@bizosaas/domain';
import { SandboxEmailKinds } from './sandbox-email-marketing.mapping.js';

/** Where a segment lives: the dataset, its audience (external id) and the connection minting ids. */
export interface SegmentScope {
  readonly dataset: string;
  readonly audienceId: string;
  readonly ids: EntityIds;
}

const freshId = (prefix: 'mb' | 'sg') => `${prefix}_${randomBytes(8).toString('hex')}`;

/**
 * Upserts the members in one statement (a given name replaces, an absent one is kept), creates the
 * segment named `tag` when missing, and adds the members to it; run inside the caller's transaction, so
 * a failure leaves nothing behind.
 */
export async function tagSegmentMembers(tx: SqlClient, scope: SegmentScope, request: SegmentRequest): Promise<AudienceSegment> {
  const { dataset, audienceId } = scope;
  const emails = request.members.map((m) => m.email);
  await tx.query(
    `insert into sandbox_email_audience_members as m (dataset, id, audience_id, email, first_name, last_name)
     select $1, u.id, $2, u.email, u.first_name, u.last_name
     from unnest($3::text[], $4::text[], $5::text[], $6::text[]) as u(id, email, first_name, last_name)
     on conflict (dataset, audience_id, lower(email)) do update set
       first_name = coalesce(excluded.first_name, m.first_name),
       last_name = coalesce(excluded.last_name, m.last_name),
       updated_at = now()`,
    [dataset, audienceId, emails.map(() => freshId('mb')), emails, request.members.map((m) => m.firstName ?? null), request.members.map((m) => m.lastName ?? null)],
  );
  const segment = await tx.query(
    `insert into sandbox_email_segments (dataset, id, audience_id, name) values ($1, $2, $3, $4)
     on conflict (dataset, audience_id, name) do update set updated_at = now() returning id`,
    [dataset, freshId('sg'), audienceId, request.tag],
  );
  const segmentId = String(segment.rows[0]?.id);
  await tx.query(
    `insert into sandbox_email_segment_members (dataset, segment_id, member_id)
     select $1, $2, m.id from sandbox_email_audience_members m
     where m.dataset = $1 and m.audience_id = $3 and lower(m.email) = any($4::text[])
     on conflict do nothing`,
    [dataset, segmentId, audienceId, emails.map((e) => e.toLowerCase())],
  );
  return {
    id: scope.ids.encode(SandboxEmailKinds.Segment, segmentId),
    externalId: segmentId,
    audienceId: scope.ids.encode(SandboxEmailKinds.Audience, audienceId),
    name: request.tag,
    memberCount: await countSegmentMembers(tx, dataset, segmentId),
  };
}

export async function countSegmentMembers(sql: SqlClient, dataset: string, segmentId: string): Promise<number> {
  const { rows } = await sql.query('select count(*)::int as n from sandbox_email_segment_members where dataset = $1 and segment_id = $2', [dataset, segmentId]);
  return Number(rows[0]?.n ?? 0);
}

/** The external id of a segment of that audience, or null when `segmentId` is foreign, malformed, unknown or of another audience. */
export async function findSegment(sql: SqlClient, scope: SegmentScope, segmentId: string): Promise<string | null> {
  const externalId = scope.ids.decode(SandboxEmailKinds.Segment, segmentId);
  if (externalId === undefined) return null;
  const { rows } = await sql.query('select id from sandbox_email_segments where dataset = $1 and id = $2 and audience_id = $3', [scope.dataset, externalId, scope.audienceId]);
  return rows.length === 0 ? null : externalId;
}
