import type { Contact, ContactPatch, CrmPort } from '@bizosaas/domain';
import { crmPortContractCases, type CrmPortContractEnv } from '@bizosaas/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { SandboxCrmAdapter } from './sandbox-crm.adapter.js';
import { sandboxCrmMigrations } from './sandbox-crm.migrations.js';
import { seedSandboxCrmDataset } from './sandbox-crm.seed.js';

// The contract is only worth something if it fails broken adapters. Each fake below breaks one rule.

function caseNamed(fragment: string) {
  const found = crmPortContractCases.find((c) => c.name.includes(fragment));
  if (found === undefined) throw new Error(`no contract case mentions "${fragment}"`);
  return found;
}

/** A port that delegates to a working adapter except for the methods in `overrides`. */
function delegating(inner: CrmPort, overrides: Partial<CrmPort>): CrmPort {
  return {
    provider: inner.provider,
    listContacts: overrides.listContacts ?? ((r, f) => inner.listContacts(r, f)),
    getContacts: overrides.getContacts ?? ((ids) => inner.getContacts(ids)),
    findContactsByEmails: overrides.findContactsByEmails ?? ((emails) => inner.findContactsByEmails(emails)),
    createContact: overrides.createContact ?? ((input) => inner.createContact(input)),
    updateContact: overrides.updateContact ?? ((id, patch) => inner.updateContact(id, patch)),
    listCompanies: overrides.listCompanies ?? ((r) => inner.listCompanies(r)),
    getCompanies: overrides.getCompanies ?? ((ids) => inner.getCompanies(ids)),
    listDeals: overrides.listDeals ?? ((r, f) => inner.listDeals(r, f)),
    getDeals: overrides.getDeals ?? ((ids) => inner.getDeals(ids)),
    getDealsForContacts: overrides.getDealsForContacts ?? ((ids) => inner.getDealsForContacts(ids)),
    createDeal: overrides.createDeal ?? ((input) => inner.createDeal(input)),
    updateDeal: overrides.updateDeal ?? ((id, patch) => inner.updateDeal(id, patch)),
    listPipelines: overrides.listPipelines ?? (() => inner.listPipelines()),
  };
}

describe('the CRM port contract catches broken adapters', () => {
  let database: TestDatabase;
  let sandbox: SandboxCrmAdapter;
  const envFor = (port: CrmPort, label: string): CrmPortContractEnv => ({
    port,
    nonce: `breakage-${label}-${Math.random().toString(36).slice(2, 8)}`,
    skip: (reason) => {
      throw new Error(`unexpected skip: ${reason}`);
    },
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.migrate(sandboxCrmMigrations);
    await seedSandboxCrmDataset(database.sql, 'breakage', { profile: 'globex' });
    sandbox = new SandboxCrmAdapter({ sql: database.sql, dataset: 'breakage', connectionId: 'conn-breakage' });
  });
  afterAll(() => database.close());

  it('passes the working adapter through the same cases (the fakes below are the only difference)', async () => {
    await caseNamed('getContacts answers slots in request order').run(envFor(sandbox, 'ok'));
    await caseNamed('updateContact leaves omitted fields').run(envFor(sandbox, 'ok-patch'));
  });

  it('fails a batch read that answers in storage order instead of request order', async () => {
    const sorted = delegating(sandbox, {
      getContacts: async (ids) => {
        const slots = await sandbox.getContacts(ids);
        return [...slots].sort((a, b) => (a?.externalId ?? '~').localeCompare(b?.externalId ?? '~'));
      },
    });
    await expect(caseNamed('getContacts answers slots in request order').run(envFor(sorted, 'order'))).rejects.toThrow();
  });

  it('fails a batch read that drops duplicated ids', async () => {
    const deduplicating = delegating(sandbox, { getContacts: (ids) => sandbox.getContacts([...new Set(ids)]) });
    await expect(caseNamed('duplicated id').run(envFor(deduplicating, 'dup'))).rejects.toThrow();
  });

  it('fails an update that treats an omitted field as null', async () => {
    const clobbering = delegating(sandbox, {
      updateContact: (id: string, patch: ContactPatch): Promise<Contact> =>
        sandbox.updateContact(id, { firstName: patch.firstName ?? null, lastName: patch.lastName ?? null, phone: patch.phone ?? null, jobTitle: patch.jobTitle ?? null }),
    });
    await expect(caseNamed('updateContact leaves omitted fields').run(envFor(clobbering, 'patch'))).rejects.toThrow();
  });

  it('fails a list whose pages overlap', async () => {
    // Ignores `after` past the second page: the walk sees items twice (or never ends).
    let calls = 0;
    const overlapping = delegating(sandbox, {
      listContacts: (request, filter) => {
        calls += 1;
        return sandbox.listContacts(calls % 3 === 0 ? { first: request.first } : request, filter);
      },
    });
    await expect(caseNamed('listContacts pages').run(envFor(overlapping, 'paging'))).rejects.toThrow();
  });
});
