import { DomainError, NotFoundError, ValidationError } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { SandboxEmailMarketingAdapter } from './sandbox-email-marketing.adapter.js';
import { campaignEngagement } from './sandbox-email-marketing.mapping.js';
import { sandboxEmailMarketingMigrations } from './sandbox-email-marketing.migrations.js';
import { seedSandboxEmailMarketingDataset } from './sandbox-email-marketing.seed.js';

describe('sandbox email marketing on the embedded PostgreSQL: seed and sandbox-specific behaviour', () => {
  let database: TestDatabase;
  let acme: SandboxEmailMarketingAdapter;
  let audienceId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.migrate(sandboxEmailMarketingMigrations);
    acme = new SandboxEmailMarketingAdapter({ sql: database.sql, dataset: 'acme-demo', connectionId: 'c-acme' });
  });
  afterAll(() => database.close());

  const count = async (table: string, dataset: string): Promise<number> => {
    const { rows } = await database.sql.query(`select count(*)::int as n from ${table} where dataset = $1`, [dataset]);
    return Number(rows[0]?.n);
  };

  it('seeds once and does nothing the second time', async () => {
    const first = await seedSandboxEmailMarketingDataset(database.sql, 'acme-demo', { profile: 'acme' });
    expect(first).toMatchObject({ seeded: true, audiences: 2, campaigns: 6 });
    expect(await seedSandboxEmailMarketingDataset(database.sql, 'acme-demo', { profile: 'acme' })).toMatchObject({ seeded: false });
    expect(await count('sandbox_email_audience_members', 'acme-demo')).toBe(first.members);
    const campaigns = await acme.listCampaigns({ first: 100 });
    expect(campaigns.totalCount).toBe(6);
    audienceId = campaigns.items[0]?.node.audienceId ?? '';
  });

  it('sends with recipients = audience size and engagement derived from the campaign id', async () => {
    const draft = await acme.createCampaign({ name: 'Launch', subject: 'We launched', audienceId, html: '<p>Launch</p>' });
    const sent = await acme.sendCampaign(draft.id);
    expect(sent.recipients).toBe(40);
    expect({ opens: sent.opens, clicks: sent.clicks }).toEqual(campaignEngagement(draft.externalId, 40));
    await expect(acme.sendCampaign(sent.id)).rejects.toSatisfy((e) => e instanceof DomainError && e.code === 'EMAIL.CAMPAIGN_ALREADY_SENT');
  });

  it('upserts a member once per email, updating names, leaving omitted names and clearing null ones', async () => {
    const members = async () => (await database.sql.query("select email, first_name, last_name from sandbox_email_audience_members where dataset = 'acme-demo' and lower(email) = 'lin@upsert.example'")).rows;
    await acme.upsertAudienceMember(audienceId, { email: 'Lin@Upsert.example', firstName: 'Lin', lastName: 'Wu' });
    await acme.upsertAudienceMember(audienceId, { email: 'lin@upsert.example', firstName: 'Lina' });
    expect(await members()).toEqual([{ email: 'Lin@upsert.example', first_name: 'Lina', last_name: 'Wu' }]);
    await acme.upsertAudienceMember(audienceId, { email: 'LIN@upsert.example', lastName: null });
    expect(await members()).toEqual([{ email: 'Lin@upsert.example', first_name: 'Lina', last_name: null }]);
  });

  it('refuses a malformed email naming `email` and an unknown audience with NotFoundError', async () => {
    await expect(acme.upsertAudienceMember(audienceId, { email: 'not-an-email' })).rejects.toSatisfy((e) => e instanceof ValidationError && e.violations[0]?.field === 'email');
    const foreign = new SandboxEmailMarketingAdapter({ sql: database.sql, dataset: 'acme-demo', connectionId: 'c-other' });
    await expect(foreign.upsertAudienceMember(audienceId, { email: 'a@b.example' })).rejects.toBeInstanceOf(NotFoundError);
    // Another connection's audience id is no audience here, even on the same dataset.
    await expect(foreign.createCampaign({ name: 'x', subject: 'y', audienceId, html: '' })).rejects.toSatisfy(
      (e) => e instanceof ValidationError && e.violations.map((v) => v.field).join() === 'audienceId',
    );
  });

  it('keeps datasets apart: globex has its own audience and campaigns', async () => {
    await seedSandboxEmailMarketingDataset(database.sql, 'globex-demo', { profile: 'globex' });
    const globex = new SandboxEmailMarketingAdapter({ sql: database.sql, dataset: 'globex-demo', connectionId: 'c-globex' });
    const page = await globex.listCampaigns({ first: 100 });
    expect(page.totalCount).toBe(6);
    expect(page.items[0]?.node.subject).toMatch(/Globex/);
    expect(await count('sandbox_email_audiences', 'globex-demo')).toBe(1);
  });
});
