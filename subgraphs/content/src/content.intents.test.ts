import { ContentEventTypes, type CmsPort, type Content, type DomainEvent, type IntentResolver, type PendingIntent } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { ContentIntents, createContentIntentResolvers } from './content.intents.js';

const HOUR = 60 * 60 * 1000;

function item(id: string, fields: Partial<Content> = {}): Content {
  const now = new Date();
  return { id, externalId: id, source: { provider: 'fake', connectionId: 'con_1' }, createdAt: now, updatedAt: now, kind: 'post', title: `Title ${id}`, slug: `slug-${id}`, body: '<p>x</p>', excerpt: null, status: 'draft', url: null, publishedAt: null, authorName: null, ...fields };
}

/** A CMS holding `items`, newest first, two a page; only the reads the resolvers use. */
function fakeCms(items: Content[]) {
  const port: Pick<CmsPort, 'provider' | 'listContent' | 'getContents'> = {
    provider: 'fake',
    async listContent(request, filter) {
      const matching = items.filter((c) => (!filter?.kind || c.kind === filter.kind) && (!filter?.status || c.status === filter.status));
      const start = request.after ? Number(request.after) : 0;
      const slice = matching.slice(start, start + 2);
      const next = start + 2 < matching.length ? String(start + 2) : null;
      return { items: slice.map((node) => ({ node, cursor: null })), endCursor: next, hasNextPage: next !== null, totalCount: null };
    },
    async getContents(ids) {
      return ids.map((id) => items.find((c) => c.id === id) ?? null);
    },
  };
  return port as CmsPort;
}

function settleWith(port: CmsPort) {
  const resolvers = new Map(createContentIntentResolvers({ cmsPortFor: async () => port }).map((r) => [r.operation, r]));
  return async (operation: string, input: Record<string, unknown>, createdAt = new Date()) => {
    const events: DomainEvent[] = [];
    const intent: PendingIntent = { id: 'int_1', tenantId: 'ten_a', operation, input: { correlationId: 'req_1', ...input }, idempotencyKey: 'bizosaas-intent-int_1', createdAt };
    const outcome = await (resolvers.get(operation) as IntentResolver).resolve(intent, (event) => events.push(event));
    return { outcome, events };
  };
}

describe('CMS intent resolvers', () => {
  it('finds a created draft by kind, title and slug among drafts created since the intent, past the first page', async () => {
    const old = new Date(Date.now() - 3 * HOUR);
    const settle = settleWith(fakeCms([item('c1'), item('c2'), item('c3', { title: 'Launch', slug: 'launch' }), item('c4', { title: 'Launch', slug: 'launch', createdAt: old })]));
    const found = await settle(ContentIntents.Create, { kind: 'post', title: 'Launch', slug: 'launch' });
    expect(found.outcome).toBe('took_effect');
    expect(found.events).toEqual([expect.objectContaining({ type: ContentEventTypes.ContentCreated, tenantId: 'ten_a', correlationId: 'req_1', payload: { contentId: 'c3', kind: 'post', title: 'Launch' } })]);
    expect(await settle(ContentIntents.Create, { kind: 'page', title: 'Launch', slug: null })).toEqual({ outcome: 'no_effect', events: [] });
    expect((await settle(ContentIntents.Create, { kind: 'post', title: 'Launch', slug: 'other' })).outcome).toBe('no_effect');
  });

  it('does not take a draft created long before the intent for its effect', async () => {
    const settle = settleWith(fakeCms([item('c1', { title: 'Launch', createdAt: new Date(Date.now() - 3 * HOUR) })]));
    expect((await settle(ContentIntents.Create, { kind: 'post', title: 'Launch', slug: null })).outcome).toBe('no_effect');
  });

  it('takes an update for done when the item has the title and slug it set, and a body change when modified since', async () => {
    const stale = new Date(Date.now() - 3 * HOUR);
    const settle = settleWith(fakeCms([item('c1', { title: 'New title' }), item('c2', { updatedAt: stale })]));
    const done = await settle(ContentIntents.Update, { contentId: 'c1', title: 'New title' });
    expect(done.events).toEqual([expect.objectContaining({ type: ContentEventTypes.ContentUpdated, payload: { contentId: 'c1', fields: ['title'] } })]);
    expect((await settle(ContentIntents.Update, { contentId: 'c1', title: 'Other title' })).outcome).toBe('no_effect');
    expect((await settle(ContentIntents.Update, { contentId: 'c1', body: true })).outcome).toBe('took_effect');
    expect((await settle(ContentIntents.Update, { contentId: 'c2', body: true })).outcome).toBe('no_effect');
    expect((await settle(ContentIntents.Update, { contentId: 'gone', title: 'x' })).outcome).toBe('no_effect');
  });

  it('takes a publication (or an unpublication) for done by the item\'s status', async () => {
    const settle = settleWith(fakeCms([item('c1', { status: 'published', url: 'https://site/c1' }), item('c2')]));
    const published = await settle(ContentIntents.Publish, { contentId: 'c1' });
    expect(published.events).toEqual([expect.objectContaining({ type: ContentEventTypes.ContentPublished, payload: { contentId: 'c1', kind: 'post', title: 'Title c1', url: 'https://site/c1' } })]);
    expect((await settle(ContentIntents.Publish, { contentId: 'c2' })).outcome).toBe('no_effect');
    expect((await settle(ContentIntents.Unpublish, { contentId: 'c2' })).events.map((e) => e.type)).toEqual([ContentEventTypes.ContentUnpublished]);
    expect((await settle(ContentIntents.Unpublish, { contentId: 'c1' })).outcome).toBe('no_effect');
  });

  it('refuses an intent whose input is not what it recorded, naming the field', async () => {
    const settle = settleWith(fakeCms([]));
    await expect(settle(ContentIntents.Publish, { contentId: 7 })).rejects.toThrow(/contentId/);
  });
});
