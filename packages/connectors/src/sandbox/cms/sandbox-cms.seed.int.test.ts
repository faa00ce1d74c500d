import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { SandboxCmsAdapter } from './sandbox-cms.adapter.js';
import { sandboxCmsMigrations } from './sandbox-cms.migrations.js';
import { seedSandboxCmsDataset } from './sandbox-cms.seed.js';

describe('seedSandboxCmsDataset and the sandbox CMS on the embedded PostgreSQL', () => {
  let database: TestDatabase;
  const adapter = (dataset: string, connectionId = `c-${dataset}`) => new SandboxCmsAdapter({ sql: database.sql, dataset, connectionId });
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.migrate(sandboxCmsMigrations);
  });
  afterAll(() => database.close());

  it('seeds once and does nothing the second time', async () => {
    expect(await seedSandboxCmsDataset(database.sql, 'acme-demo', { profile: 'acme' })).toEqual({ seeded: true, posts: 25, pages: 4 });
    expect(await seedSandboxCmsDataset(database.sql, 'acme-demo', { profile: 'acme' })).toMatchObject({ seeded: false });
    expect((await adapter('acme-demo').listContent({ first: 1 })).totalCount).toBe(29);
  });

  it('serves each profile on its own domain, newest first', async () => {
    await seedSandboxCmsDataset(database.sql, 'globex-demo', { profile: 'globex' });
    const acme = await adapter('acme-demo').listContent({ first: 3 }, { kind: 'post' });
    expect(acme.items[0]?.node).toMatchObject({ title: 'Preview: AI-assisted reporting', status: 'draft', url: 'https://acme-software.example/blog/preview-ai-assisted-reporting' });
    const globexPages = await adapter('globex-demo').listContent({ first: 10 }, { kind: 'page' });
    expect(globexPages.items.map((item) => item.node.url)).toEqual([
      'https://globex-manufacturing.example/pages/request-a-quote',
      'https://globex-manufacturing.example/pages/capabilities',
      'https://globex-manufacturing.example/pages/about-globex-industrial',
    ]);
  });

  it('answers the default site URL for a dataset created without a profile', async () => {
    const created = await adapter('bare').createContent({ kind: 'page', title: 'Hello', body: '<p>x</p>' });
    expect(created.url).toBe('https://sandbox.example/pages/hello');
  });

  it('keeps slugs unique per kind but lets a post and a page share one', async () => {
    const port = adapter('slugs');
    const post = await port.createContent({ kind: 'post', title: 'Pricing', body: '<p>1</p>' });
    const page = await port.createContent({ kind: 'page', title: 'Pricing', body: '<p>2</p>' });
    const again = await port.createContent({ kind: 'post', title: 'Pricing!', body: '<p>3</p>' });
    const third = await port.createContent({ kind: 'post', title: 'Whatever', slug: 'Pricing', body: '<p>4</p>' });
    expect([post.slug, page.slug, again.slug, third.slug]).toEqual(['pricing', 'pricing', 'pricing-2', 'pricing-3']);
    // An update keeps the item's own slug free for itself, and `slug: null` derives it from the title again.
    expect((await port.updateContent(again.id, { slug: 'pricing-2' })).slug).toBe('pricing-2');
    const renamed = await port.updateContent(third.id, { title: 'Pricing in 2027', slug: null });
    expect(renamed).toMatchObject({ slug: 'pricing-in-2027', url: 'https://sandbox.example/blog/pricing-in-2027' });
    // Renaming freed pricing-3; the next clash takes the first free suffix again.
    expect((await port.updateContent(third.id, { slug: 'pricing' })).slug).toBe('pricing-3');
  });

  it('keeps the first publication date when publishing twice and clears it when unpublishing', async () => {
    const port = adapter('lifecycle');
    const draft = await port.createContent({ kind: 'post', title: 'Launch', body: '<p>x</p>' });
    const first = await port.publishContent(draft.id);
    const second = await port.publishContent(draft.id);
    expect(second.publishedAt?.getTime()).toBe(first.publishedAt?.getTime());
    expect(await port.unpublishContent(draft.id)).toMatchObject({ status: 'draft', publishedAt: null });
  });

  it('refuses a cursor it never issued and a null title', async () => {
    const port = adapter('acme-demo');
    await expect(port.listContent({ first: 2, after: 'bogus' })).rejects.toMatchObject({ name: 'ValidationError' });
    const [item] = (await port.listContent({ first: 1 })).items;
    await expect(port.updateContent(item?.node.id ?? '', { title: null as unknown as string })).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
