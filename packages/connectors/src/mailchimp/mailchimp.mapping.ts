import type { Campaign, CampaignStatus, EntityIds } from '@bizosaas/domain';
import { MAILCHIMP_PROVIDER } from './mailchimp.settings.js';
import type { MailchimpCampaign } from './mailchimp.schemas.js';

/** The kinds of id the adapter mints. */
export const MailchimpKinds = { Campaign: 'Campaign', Audience: 'Audience', Segment: 'Segment' } as const;

/** A segment's canonical id: segments live in a list, so the list id travels with the segment id. */
export function segmentIdOf(ids: EntityIds, listId: string, segmentId: number): string {
  return ids.encode(MailchimpKinds.Segment, `${listId}/${segmentId}`);
}

/** The list and segment inside a canonical segment id, or undefined for a malformed or foreign id. */
export function decodeSegmentId(ids: EntityIds, id: string): { readonly listId: string; readonly segmentId: number } | undefined {
  const match = /^([^/]+)\/(\d{1,15})$/.exec(ids.decode(MailchimpKinds.Segment, id) ?? '');
  return match?.[1] !== undefined && match[2] !== undefined ? { listId: match[1], segmentId: Number(match[2]) } : undefined;
}

const STATUS: Readonly<Record<MailchimpCampaign['status'], CampaignStatus>> = { save: 'draft', paused: 'draft', schedule: 'scheduled', sending: 'sending', sent: 'sent' };

function dateOrNull(value: string | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A Mailchimp campaign as the canonical Campaign; fields copied one by one, engagement from `report_summary`. */
export function campaignFromMailchimp(raw: MailchimpCampaign, ids: EntityIds): Campaign {
  const created = dateOrNull(raw.create_time) ?? new Date(0);
  const sentAt = dateOrNull(raw.send_time);
  const sentOrSending = raw.status === 'sent' || raw.status === 'sending';
  return {
    id: ids.encode(MailchimpKinds.Campaign, raw.id),
    externalId: raw.id,
    source: { provider: MAILCHIMP_PROVIDER, connectionId: ids.connectionId },
    createdAt: created,
    updatedAt: sentAt ?? created,
    raw: { id: raw.id, status: raw.status, recipients: raw.recipients, settings: raw.settings },
    name: raw.settings.title ?? '',
    subject: raw.settings.subject_line ?? '',
    status: STATUS[raw.status],
    audienceId: ids.encode(MailchimpKinds.Audience, raw.recipients.list_id),
    segmentId: typeof raw.recipients.segment_opts?.saved_segment_id === 'number' ? segmentIdOf(ids, raw.recipients.list_id, raw.recipients.segment_opts.saved_segment_id) : null,
    sentAt,
    recipients: sentOrSending ? (raw.emails_sent ?? raw.recipients.recipient_count ?? 0) : null,
    opens: sentOrSending ? (raw.report_summary?.unique_opens ?? 0) : null,
    clicks: sentOrSending ? (raw.report_summary?.subscriber_clicks ?? 0) : null,
  };
}
