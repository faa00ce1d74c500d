import type { Content } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WagtailEmulator } from '../../test/emulators/wagtail/wagtail-emulator.js';
import { wagtailAdapter, WAGTAIL_PAGE_TYPE, WAGTAIL_POST_TYPE } from '../../test/emulators/wagtail/wagtail-emulator.setup.js';
import type { WagtailCmsAdapter } from './wagtail-cms.adapter.js';

describe('Wagtail API v2: batch cost and paging', () => {
  let emulator: WagtailEmulator;

  beforeAll(async () => {
    emulator = await WagtailEmulator.start();
    for (let i = 0; i < 150; i += 1) emulator.addPage({ type: WAGTAIL_POST_TYPE, title: `Post ${i}`, fields: { body: `<p>${i}</p>` } });
    for (let i = 0; i < 5; i += 1) emulator.addPage({ type: WAGTAIL_PAGE_TYPE, title: `Page ${i}`, fields: { body: `<p>page ${i}</p>` } });
    emulator.addPage({ type: WAGTAIL_POST_TYPE, title: 'Unpublished draft', live: false, fields: { body: '<p>draft</p>' } });
  });
  afterAll(() => emulator.close());

  it('lists 150 posts page by page: complete, newest first, none twice, 20 per call', async () => {
    const port = wagtailAdapter(emulator, 'conn-walk');
    for (const first of [7, 20, 100]) {
      emulator.resetCounts();
      const items = await walk(port, first, 'post');
      expect(items.map((c) => c.title)).toEqual(Array.from({ length: 150 }, (_, i) => `Post ${149 - i}`));
      expect(new Set(items.map((c) => c.id)).size).toBe(150);
      if (first === 20) expect(emulator.count('GET /api/v2/pages/')).toBe(8);
    }
    // Both kinds merged newest first; the draft is invisible (the API shows live pages only).
    const everything = await walk(port, 30);
    expect(everything).toHaveLength(155);
    expect(everything.slice(0, 5).map((c) => c.kind)).toEqual(['page', 'page', 'page', 'page', 'page']);
    expect(everything.map((c) => c.title)).not.toContain('Unpublished draft');
    expect((await port.listContent({ first: 10 }, { status: 'draft' })).items).toEqual([]);
  });

  it('reads a batch of 30 ids with 30 parallel detail calls (Wagtail has no "id in" filter)', async () => {
    const port = wagtailAdapter(emulator, 'conn-batch');
    const ids = (await port.listContent({ first: 30 }, { kind: 'post' })).items.map((i) => i.node.id);
    emulator.resetCounts();
    const read = await port.getContents([...ids, ids[0] ?? '']);
    expect(read.map((c) => c?.id)).toEqual([...ids, ids[0]]);
    expect(emulator.count('GET /api/v2/pages/:id/')).toBe(30);
    expect(emulator.count('GET /api/v2/pages/')).toBe(0);
  });

  it('refuses every write with not_supported, without calling Wagtail', async () => {
    const port = wagtailAdapter(emulator, 'conn-write');
    emulator.resetCounts();
    await expect(port.createContent()).rejects.toMatchObject({ code: 'not_supported', provider: 'wagtail' });
    expect(emulator.count('GET /api/v2/pages/') + emulator.count('GET /api/v2/pages/:id/')).toBe(0);
  });
});

async function walk(port: WagtailCmsAdapter, first: number, kind?: 'post'): Promise<Content[]> {
  const out: Content[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await port.listContent({ first, after }, kind === undefined ? {} : { kind });
    out.push(...page.items.map((i) => i.node));
    if (!page.hasNextPage) return out;
    after = page.endCursor;
  }
}
