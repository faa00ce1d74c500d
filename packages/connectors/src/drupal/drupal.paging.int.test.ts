import { basicAuth } from '@bizosaas/connector-kit';
import type { Content } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrupalEmulator } from '../../test/emulators/drupal/drupal-emulator.js';
import { drupalAdapter } from '../../test/emulators/drupal/drupal-emulator.setup.js';
import { DrupalCmsAdapter } from './drupal-cms.adapter.js';
import { parseDrupalSettings } from './drupal.settings.js';

describe('Drupal JSON:API: batch cost, paging and errors', () => {
  let emulator: DrupalEmulator;

  beforeAll(async () => {
    emulator = await DrupalEmulator.start();
    // 150 articles, several per second of `created` (Drupal's precision), so the nid tie-break matters.
    for (let i = 0; i < 150; i += 1) emulator.seed('article', { title: `Article ${i}`, body: `<p>${i}</p>`, alias: `/article-${i}`, created: 1_700_000_000 + Math.floor(i / 4), status: i % 3 !== 0 });
  });
  afterAll(() => emulator.close());

  it('reads a batch of 30 content ids in exactly one call (IN filter, 50 ids per call)', async () => {
    const port = drupalAdapter(emulator, 'conn-batch');
    const all = await walk(port, 100);
    const ids = all.slice(0, 30).map((c) => c.id);
    emulator.resetCounts();
    const read = await port.getContents(ids);
    expect(emulator.totalCalls()).toBe(1);
    expect(emulator.count('GET /jsonapi/node/article')).toBe(1);
    expect(read.map((c) => c?.id)).toEqual(ids);

    emulator.resetCounts();
    const many = await port.getContents(all.slice(0, 120).map((c) => c.id));
    expect(many.every((c) => c !== null)).toBe(true);
    expect(emulator.totalCalls()).toBe(3);
  });

  it('lists 150 items page by page: complete, newest first, none twice, never asking for more than 50', async () => {
    const port = drupalAdapter(emulator, 'conn-walk');
    for (const first of [7, 50, 100]) {
      emulator.resetCounts();
      const items = await walk(port, first);
      const titles = items.map((c) => c.title);
      expect(titles).toEqual(Array.from({ length: 150 }, (_, i) => `Article ${149 - i}`));
      expect(new Set(items.map((c) => c.id)).size).toBe(150);
      // One call per 50 (or fewer) articles, plus the page bundle's (empty) list per page.
      if (first === 50) expect(emulator.count('GET /jsonapi/node/article')).toBe(3);
    }
    const drafts = await walk(port, 50, 'draft');
    expect(drafts).toHaveLength(50);
    expect(drafts.every((c) => c.status === 'draft' && c.publishedAt === null)).toBe(true);
  });

  it('maps the author from include=uid, the alias to slug and URL, and drafts to status', async () => {
    const [first] = (await drupalAdapter(emulator, 'conn-map').listContent({ first: 1 }, { kind: 'post' })).items;
    expect(first?.node).toMatchObject({ title: 'Article 149', slug: 'article-149', url: `${emulator.url}/article-149`, authorName: 'Edith Editor', status: 'published', kind: 'post' });
  });

  it('maps Drupal errors: wrong password -> unauthorized, anonymous write -> unauthorized (403)', async () => {
    const settings = parseDrupalSettings({ siteUrl: emulator.url }, { allowEmulator: true });
    const wrong = new DrupalCmsAdapter({ connectionId: 'conn-wrong', settings, auth: basicAuth('editor', 'not-the-password') });
    const error: unknown = await wrong.listContent({ first: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unauthorized', provider: 'drupal' });
    expect((error as Error).message).not.toContain('not-the-password');
    const anonymous = new DrupalCmsAdapter({ connectionId: 'conn-anon', settings, auth: { authorize: async () => {}, secrets: () => [] } });
    await expect(anonymous.createContent({ kind: 'post', title: 'Nope', body: '<p>x</p>' })).rejects.toMatchObject({ code: 'unauthorized', details: { status: 403 } });
  });
});

async function walk(port: DrupalCmsAdapter, first: number, status?: 'draft'): Promise<Content[]> {
  const out: Content[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await port.listContent({ first, after }, status === undefined ? {} : { status });
    out.push(...page.items.map((i) => i.node));
    if (!page.hasNextPage) return out;
    after = page.endCursor;
  }
}
