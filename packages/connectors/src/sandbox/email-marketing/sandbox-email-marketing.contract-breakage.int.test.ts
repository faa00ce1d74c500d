import type { EmailMarketingPort } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailMarketingPortContractCases } from '@bizosaas/domain/testing';
import type { EmailMarketingPortContractEnv } from '@bizosaas/domain/testing';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { SandboxEmailMarketingAdapter } from './sandbox-email-marketing.adapter.js';
import { sandboxEmailMarketingMigrations } from './sandbox-email-marketing.migrations.js';
import { seedSandboxEmailMarketingDataset } from './sandbox-email-marketing.seed.js';

// The contract is only worth something if it fails broken adapters. Each fake below breaks one rule.

function caseNamed(fragment: string) {
  const found = emailMarketingPortContractCases.find((c) => c.name.includes(fragment));
  if (found === undefined) throw new Error(`no contract case mentions "${fragment}"`);
  return found;
}

describe('the email marketing port contract catches broken adapters', () => {
  let database: TestDatabase;
  let sandbox: SandboxEmailMarketingAdapter;
  let audienceId = '';
  const envFor = (port: EmailMarketingPort): EmailMarketingPortContractEnv => ({
    port,
    audienceId,
    nonce: `breakage-${Math.random().toString(36).slice(2, 8)}`,
    skip: (reason) => {
      throw new Error(`unexpected skip: ${reason}`);
    },
  });
  const delegating = (overrides: Partial<EmailMarketingPort>): EmailMarketingPort => ({
    provider: sandbox.provider,
    listCampaigns: overrides.listCampaigns ?? ((request) => sandbox.listCampaigns(request)),
    getCampaigns: overrides.getCampaigns ?? ((ids) => sandbox.getCampaigns(ids)),
    createCampaign: overrides.createCampaign ?? ((input) => sandbox.createCampaign(input)),
    sendCampaign: overrides.sendCampaign ?? ((id) => sandbox.sendCampaign(id)),
    upsertAudienceMember: overrides.upsertAudienceMember ?? ((id, member) => sandbox.upsertAudienceMember(id, member)),
    tagAudienceMembers: overrides.tagAudienceMembers ?? ((id, tag, members) => sandbox.tagAudienceMembers(id, tag, members)),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.migrate(sandboxEmailMarketingMigrations);
    await seedSandboxEmailMarketingDataset(database.sql, 'breakage', { profile: 'globex' });
    sandbox = new SandboxEmailMarketingAdapter({ sql: database.sql, dataset: 'breakage', connectionId: 'conn-breakage' });
    audienceId = (await sandbox.listCampaigns({ first: 1 })).items[0]?.node.audienceId ?? '';
  });
  afterAll(() => database.close());

  it('passes the working adapter through the same cases', async () => {
    await caseNamed('idempotent on the email').run(envFor(sandbox));
    await caseNamed('on a sent campaign').run(envFor(sandbox));
  });

  it('fails an upsert that adds a second member for the same email in another case', async () => {
    let n = 0;
    const duplicating = delegating({ upsertAudienceMember: (id, member) => sandbox.upsertAudienceMember(id, { ...member, email: `${(n += 1)}${member.email}` }) });
    await expect(caseNamed('idempotent on the email').run(envFor(duplicating))).rejects.toThrow();
  });

  it('fails a send that re-sends a sent campaign instead of refusing', async () => {
    const resending = delegating({
      sendCampaign: async (id) => {
        const [current] = await sandbox.getCampaigns([id]);
        return current?.status === 'sent' ? current : sandbox.sendCampaign(id);
      },
    });
    await expect(caseNamed('on a sent campaign').run(envFor(resending))).rejects.toThrow();
  });
});
