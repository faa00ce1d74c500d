import type { CmsPort } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// By path until packages/domain/src/testing/index.ts exports the CMS suite.
import { cmsPortContractCases } from '@bizosaas/domain/testing';
import type { CmsPortContractEnv } from '@bizosaas/domain/testing';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { SandboxCmsAdapter } from './sandbox-cms.adapter.js';
import { sandboxCmsMigrations } from './sandbox-cms.migrations.js';

// The contract is only worth something if it fails broken adapters. Each fake below breaks one rule.

function caseNamed(fragment: string) {
  const found = cmsPortContractCases.find((c) => c.name.includes(fragment));
  if (found === undefined) throw new Error(`no contract case mentions "${fragment}"`);
  return found;
}

/** A port that delegates to a working adapter except for the methods in `overrides`. */
function delegating(inner: CmsPort, overrides: Partial<CmsPort>): CmsPort {
  return {
    provider: inner.provider,
    listContent: overrides.listContent ?? ((r, f) => inner.listContent(r, f)),
    getContents: overrides.getContents ?? ((ids) => inner.getContents(ids)),
    createContent: overrides.createContent ?? ((input) => inner.createContent(input)),
    updateContent: overrides.updateContent ?? ((id, patch) => inner.updateContent(id, patch)),
    publishContent: overrides.publishContent ?? ((id) => inner.publishContent(id)),
    unpublishContent: overrides.unpublishContent ?? ((id) => inner.unpublishContent(id)),
  };
}

describe('the CMS port contract catches broken adapters', () => {
  let database: TestDatabase;
  let sandbox: SandboxCmsAdapter;
  const envFor = (port: CmsPort, label: string): CmsPortContractEnv => ({
    port,
    nonce: `breakage-${label}-${Math.random().toString(36).slice(2, 8)}`,
    skip: (reason) => {
      throw new Error(`unexpected skip: ${reason}`);
    },
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.migrate(sandboxCmsMigrations);
    sandbox = new SandboxCmsAdapter({ sql: database.sql, dataset: 'breakage', connectionId: 'conn-breakage' });
  });
  afterAll(() => database.close());

  it('passes the working adapter through the same cases', async () => {
    for (const name of ['getContents answers slots', 'updateContent leaves omitted', 'listContent pages newest first', 'publishContent publishes', 'slugs are unique']) {
      await caseNamed(name).run(envFor(sandbox, 'ok'));
    }
  });

  it('fails a batch read that drops duplicated ids', async () => {
    const deduplicating = delegating(sandbox, { getContents: (ids) => sandbox.getContents([...new Set(ids)]) });
    await expect(caseNamed('getContents answers slots').run(envFor(deduplicating, 'dup'))).rejects.toThrow();
  });

  it('fails an update that clears fields it was not given', async () => {
    const clobbering = delegating(sandbox, { updateContent: (id, patch) => sandbox.updateContent(id, { ...patch, body: patch.body ?? '' }) });
    await expect(caseNamed('updateContent leaves omitted').run(envFor(clobbering, 'patch'))).rejects.toThrow();
  });

  it('fails a list that answers oldest first', async () => {
    const oldestFirst = delegating(sandbox, {
      listContent: async (request, filter) => {
        const page = await sandbox.listContent(request, filter);
        return { ...page, items: [...page.items].reverse() };
      },
    });
    await expect(caseNamed('listContent pages newest first').run(envFor(oldestFirst, 'order'))).rejects.toThrow();
  });

  it('fails a publish that does not change the status', async () => {
    const inert = delegating(sandbox, { publishContent: async (id) => (await sandbox.getContents([id]))[0] ?? sandbox.publishContent(id) });
    await expect(caseNamed('publishContent publishes').run(envFor(inert, 'publish'))).rejects.toThrow();
  });

  it('fails a CMS that reuses a taken slug', async () => {
    let n = 0;
    const sloppy = delegating(sandbox, {
      createContent: async (input) => ({ ...(await sandbox.createContent({ ...input, slug: `${input.slug ?? 'x'}-${(n += 1)}` })), slug: input.slug ?? 'same' }),
    });
    await expect(caseNamed('slugs are unique').run(envFor(sloppy, 'slug'))).rejects.toThrow();
  });
});
