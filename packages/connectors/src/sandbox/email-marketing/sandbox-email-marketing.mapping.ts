import type { Campaign, EntityIds } from '@bizosaas/domain';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';
import type { SandboxCampaignRow } from './sandbox-email-marketing.rows.js';

/** Entity kinds encoded into ids by `EntityIds`. Audiences are records too, so their ids are scoped as well. */
export const SandboxEmailKinds = { Campaign: 'Campaign', Audience: 'Audience', Segment: 'Segment' } as const;

/** A campaigns row as a canonical Campaign. Pure: no I/O. The html stays under `raw` only. */
export function campaignFromRow(row: SandboxCampaignRow, ids: EntityIds): Campaign {
  return {
    id: ids.encode(SandboxEmailKinds.Campaign, row.id),
    externalId: row.id,
    source: { provider: SANDBOX_PROVIDER, connectionId: ids.connectionId },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    raw: row,
    name: row.name,
    subject: row.subject,
    status: row.status,
    audienceId: ids.encode(SandboxEmailKinds.Audience, row.audience_id),
    segmentId: row.segment_id === null ? null : ids.encode(SandboxEmailKinds.Segment, row.segment_id),
    sentAt: row.sent_at,
    recipients: row.recipients,
    opens: row.opens,
    clicks: row.clicks,
  };
}

/**
 * Opens and clicks of a campaign sent to `recipients`, derived from its external id: the same campaign
 * always reports the same numbers (35-55 % opens, 3-9 % clicks, never more clicks than opens).
 */
export function campaignEngagement(campaignId: string, recipients: number): { opens: number; clicks: number } {
  // FNV-1a: a tiny, stable string hash; two independent fractions come from its two halves.
  let hash = 0x811c9dc5;
  for (const char of campaignId) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  const openRate = 0.35 + ((hash & 0xffff) / 0xffff) * 0.2;
  const clickRate = 0.03 + ((hash >>> 16) / 0xffff) * 0.06;
  const opens = Math.round(recipients * openRate);
  return { opens, clicks: Math.min(opens, Math.round(recipients * clickRate)) };
}
