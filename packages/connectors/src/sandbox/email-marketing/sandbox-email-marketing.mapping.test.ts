import { EntityIds } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { campaignEngagement, campaignFromRow } from './sandbox-email-marketing.mapping.js';
import { parseCampaignRow } from './sandbox-email-marketing.rows.js';

const ids = new EntityIds('conn-1');
const created = new Date('2024-03-01T10:00:00.000Z');
const sentAt = new Date('2024-03-05T08:30:00.000Z');

// As the drivers hand rows over: pg gives bigint as a string, PGlite as a number, timestamps as Date or text.
const sentRow = {
  dataset: 'demo', id: 'cm_001', seq: '4', name: 'Spring release', subject: 'What is new', status: 'sent', audience_id: 'au_01',
  html: '<p>Hi</p>', sent_at: '2024-03-05T08:30:00.000Z', recipients: 40, opens: 17, clicks: 2, created_at: created, updated_at: sentAt,
};

describe('sandbox email marketing mapping', () => {
  it('maps a sent campaign row with connection-scoped campaign and audience ids', () => {
    const campaign = campaignFromRow(parseCampaignRow(sentRow), ids);
    expect(campaign).toMatchObject({
      externalId: 'cm_001', name: 'Spring release', subject: 'What is new', status: 'sent', recipients: 40, opens: 17, clicks: 2,
      source: { provider: 'sandbox', connectionId: 'conn-1' }, createdAt: created, updatedAt: sentAt,
    });
    expect(campaign.sentAt?.toISOString()).toBe(sentAt.toISOString());
    expect(ids.decode('Campaign', campaign.id)).toBe('cm_001');
    expect(ids.decode('Audience', campaign.audienceId)).toBe('au_01');
    expect(new EntityIds('conn-2').decode('Audience', campaign.audienceId)).toBeUndefined();
    expect(campaign.raw).toMatchObject({ html: '<p>Hi</p>', seq: '4' });
  });

  it('maps a draft with null send figures', () => {
    const draft = campaignFromRow(parseCampaignRow({ ...sentRow, seq: 5, status: 'draft', sent_at: null, recipients: null, opens: null, clicks: null }), ids);
    expect(draft).toMatchObject({ status: 'draft', sentAt: null, recipients: null, opens: null, clicks: null });
  });

  it('rejects an unknown status or a malformed row naming the fields, not the values', () => {
    expect(() => parseCampaignRow({ ...sentRow, status: 'archived', seq: undefined })).toThrow(
      expect.objectContaining({ name: 'ConnectorError', code: 'invalid_response', message: expect.stringContaining('seq, status') }),
    );
  });
});

describe('campaignEngagement', () => {
  it('is deterministic per campaign id and differs between ids', () => {
    expect(campaignEngagement('cm_001', 1000)).toEqual(campaignEngagement('cm_001', 1000));
    const figures = new Set(['cm_001', 'cm_002', 'cm_003', 'cm_abc'].map((id) => JSON.stringify(campaignEngagement(id, 1000))));
    expect(figures.size).toBeGreaterThan(1);
  });

  it('keeps opens within 35-55 % and clicks within 3-9 % of recipients, clicks never above opens', () => {
    for (let i = 0; i < 200; i += 1) {
      const { opens, clicks } = campaignEngagement(`cm_${i.toString(16)}`, 10_000);
      expect(opens).toBeGreaterThanOrEqual(3500);
      expect(opens).toBeLessThanOrEqual(5500);
      expect(clicks).toBeGreaterThanOrEqual(300);
      expect(clicks).toBeLessThanOrEqual(900);
    }
    expect(campaignEngagement('cm_001', 0)).toEqual({ opens: 0, clicks: 0 });
  });
});
