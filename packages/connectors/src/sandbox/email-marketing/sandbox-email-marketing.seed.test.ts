import { describe, expect, it } from 'vitest';
import { buildSandboxCrmSeed } from '../crm/sandbox-crm.seed.js';
import { campaignEngagement } from './sandbox-email-marketing.mapping.js';
import { buildSandboxEmailMarketingSeed } from './sandbox-email-marketing.seed.js';

describe('buildSandboxEmailMarketingSeed', () => {
  const acme = buildSandboxEmailMarketingSeed('acme');
  const globex = buildSandboxEmailMarketingSeed('globex');

  it('is deterministic', () => {
    expect(buildSandboxEmailMarketingSeed('acme')).toEqual(acme);
  });

  it('gives acme two audiences (everyone and a newsletter share) and globex one, six campaigns each, mostly sent', () => {
    expect(acme.audiences.map((a) => a.name)).toEqual(['Acme Cloud customers', 'Product newsletter']);
    expect(globex.audiences.map((a) => a.name)).toEqual(['Distributors & plant buyers']);
    const newsletter = acme.members.filter((m) => m.audienceId === 'au_02').length;
    expect(newsletter).toBeGreaterThan(10);
    expect(newsletter).toBeLessThan(40);
    for (const data of [acme, globex]) {
      expect(data.campaigns).toHaveLength(6);
      expect(data.campaigns.filter((c) => c.status === 'sent').length).toBeGreaterThanOrEqual(4);
    }
    expect(globex.campaigns.some((c) => acme.campaigns.some((a) => a.subject === c.subject))).toBe(false);
  });

  it.each([['acme', acme] as const, ['globex', globex] as const])('%s: members are the CRM contacts, unique per audience, figures consistent', (profile, data) => {
    const contacts = buildSandboxCrmSeed(profile).contacts;
    const everyone = data.members.filter((m) => m.audienceId === 'au_01');
    expect(everyone.map((m) => m.email)).toEqual(contacts.map((c) => c.email));
    expect(data.members.every((m) => m.email.endsWith('.example'))).toBe(true);
    for (const audience of data.audiences) {
      const emails = data.members.filter((m) => m.audienceId === audience.id).map((m) => m.email.toLowerCase());
      expect(new Set(emails).size).toBe(emails.length);
    }
    for (const campaign of data.campaigns) {
      if (campaign.status === 'draft') {
        expect([campaign.sentAt, campaign.recipients, campaign.opens, campaign.clicks]).toEqual([null, null, null, null]);
        continue;
      }
      expect(campaign.recipients).toBe(data.members.filter((m) => m.audienceId === campaign.audienceId).length);
      expect({ opens: campaign.opens, clicks: campaign.clicks }).toEqual(campaignEngagement(campaign.id, campaign.recipients ?? 0));
      expect(campaign.sentAt?.getTime()).toBeGreaterThan(campaign.createdAt.getTime());
    }
    const sentTimes = data.campaigns.flatMap((c) => (c.sentAt ? [c.sentAt.getTime()] : []));
    expect(sentTimes).toEqual([...sentTimes].sort((a, b) => a - b));
  });
});
