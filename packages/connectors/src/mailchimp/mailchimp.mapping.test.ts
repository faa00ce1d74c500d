import { EntityIds } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { campaignFromMailchimp, decodeSegmentId, segmentIdOf } from './mailchimp.mapping.js';
import { mailchimpProfile } from './mailchimp.profile.js';
import { mailchimpCampaignSchema } from './mailchimp.schemas.js';

const ids = new EntityIds('conn-mc-map');

/** A campaign as Mailchimp documents GET /campaigns/{id} (trimmed). */
const sentCampaign = {
  id: '42694e9e57',
  type: 'regular',
  create_time: '2026-03-01T09:00:00+00:00',
  status: 'sent',
  emails_sent: 120,
  send_time: '2026-03-02T10:30:00+00:00',
  recipients: { list_id: '57afe96172', recipient_count: 120 },
  settings: { title: 'March news', subject_line: 'What is new in March', from_name: 'Co', reply_to: 'news@co.example' },
  report_summary: { opens: 80, unique_opens: 60, open_rate: 0.5, clicks: 30, subscriber_clicks: 20 },
};

describe('campaignFromMailchimp', () => {
  it('maps a sent campaign: ids of our kinds, engagement from the report summary', () => {
    const campaign = campaignFromMailchimp(mailchimpCampaignSchema.parse(sentCampaign), ids);
    expect(campaign).toMatchObject({ externalId: '42694e9e57', name: 'March news', subject: 'What is new in March', status: 'sent', recipients: 120, opens: 60, clicks: 20 });
    expect(ids.decode('Campaign', campaign.id)).toBe('42694e9e57');
    expect(ids.decode('Audience', campaign.audienceId)).toBe('57afe96172');
    expect(campaign.sentAt?.toISOString()).toBe('2026-03-02T10:30:00.000Z');
    expect(campaign.raw).not.toHaveProperty('report_summary');
    expect(campaign.segmentId).toBeNull();
  });

  it('maps a campaign to a saved segment to a segment id carrying its list, and reads it back', () => {
    const toSegment = { ...sentCampaign, recipients: { ...sentCampaign.recipients, segment_opts: { saved_segment_id: 4711, match: 'all' } } };
    const campaign = campaignFromMailchimp(mailchimpCampaignSchema.parse(toSegment), ids);
    expect(campaign.segmentId).toBe(segmentIdOf(ids, '57afe96172', 4711));
    expect(decodeSegmentId(ids, campaign.segmentId ?? '')).toEqual({ listId: '57afe96172', segmentId: 4711 });
    expect(decodeSegmentId(ids, ids.encode('Segment', 'no-slash'))).toBeUndefined();
    expect(decodeSegmentId(new EntityIds('other-connection'), campaign.segmentId ?? '')).toBeUndefined();
  });

  it('maps a saved campaign to a draft with no send time and no figures', () => {
    const draft = campaignFromMailchimp(mailchimpCampaignSchema.parse({ ...sentCampaign, status: 'save', send_time: '', emails_sent: 0, report_summary: undefined }), ids);
    expect(draft).toMatchObject({ status: 'draft', sentAt: null, recipients: null, opens: null, clicks: null });
  });
});

describe('mailchimpProfile.mapError', () => {
  it('maps problem documents by whose fault it was, with the fields Mailchimp named', () => {
    expect(mailchimpProfile.mapError?.(401, { title: 'API Key Invalid', status: 401, detail: 'Your API key may be invalid' })?.code).toBe('unauthorized');
    expect(mailchimpProfile.mapError?.(404, { title: 'Resource Not Found', status: 404 })?.code).toBe('not_found');
    const invalid = mailchimpProfile.mapError?.(400, { title: 'Invalid Resource', status: 400, detail: 'bad', errors: [{ field: 'settings.reply_to', message: 'required' }] });
    expect(invalid).toMatchObject({ code: 'invalid_request' });
    expect(invalid?.message).toContain('settings.reply_to (required)');
    expect(mailchimpProfile.mapError?.(503, { title: 'Service Unavailable', status: 503 })).toBeUndefined();
    expect(mailchimpProfile.mapError?.(400, 'not a problem document')).toBeUndefined();
  });
});
