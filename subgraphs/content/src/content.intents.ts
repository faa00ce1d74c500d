import { ContentEventTypes, createEvent, type CmsPort, type Content, type DomainEvent, type IntentResolver } from '@bizosaas/domain';
import { createdSinceIntent, defineIntentResolver, findInPages, INTENT_CLOCK_SKEW_MS, type WriteMeta } from '@bizosaas/subgraph-kit';
import { z } from 'zod';

/** The CMS writes that record an intent before calling the tenant's CMS (ExternalWrites). */
export const ContentIntents = {
  Create: 'content.content.create',
  Update: 'content.content.update',
  Publish: 'content.content.publish',
  Unpublish: 'content.content.unpublish',
} as const;

/** Drafts read (50 a page, newest first) when looking for a created item. */
const CREATED_SCAN_PAGES = 4;

const correlationId = z.string().nullable();
const createInput = z.object({ kind: z.enum(['post', 'page']), title: z.string(), slug: z.string().nullable(), correlationId });
const updateInput = z.object({
  contentId: z.string(),
  title: z.string().optional(),
  slug: z.string().optional(),
  /** Body and excerpt are not compared (CMSs rewrite HTML): their change counts by the item's modification time. */
  body: z.literal(true).optional(),
  excerpt: z.literal(true).optional(),
  correlationId,
});
const statusInput = z.object({ contentId: z.string(), correlationId });

export type ContentUpdateIntent = Omit<z.infer<typeof updateInput>, 'correlationId'>;

export function contentCreated(content: Content, meta: WriteMeta): DomainEvent {
  return createEvent(ContentEventTypes.ContentCreated, { contentId: content.id, kind: content.kind, title: content.title }, { ...meta, source: 'content' });
}

export function contentUpdated(contentId: string, update: ContentUpdateIntent, meta: WriteMeta): DomainEvent {
  const fields = (['title', 'slug', 'body', 'excerpt'] as const).filter((field) => update[field] !== undefined);
  return createEvent(ContentEventTypes.ContentUpdated, { contentId, fields }, { ...meta, source: 'content' });
}

export function contentPublished(content: Content, meta: WriteMeta): DomainEvent {
  return createEvent(ContentEventTypes.ContentPublished, { contentId: content.id, kind: content.kind, title: content.title, url: content.url }, { ...meta, source: 'content' });
}

export function contentUnpublished(content: Content, meta: WriteMeta): DomainEvent {
  return createEvent(ContentEventTypes.ContentUnpublished, { contentId: content.id }, { ...meta, source: 'content' });
}

/**
 * How a crash between a CMS's commit and ours is settled. WordPress, Wagtail and Drupal take no idempotency
 * key, so each write is checked at the CMS: a created draft by kind, title and slug among the drafts created
 * since the intent; an update by the title and slug it set (and, for a body or excerpt, a modification since the intent); a
 * publication by the item's status. Found: it took effect, and its event is recorded.
 */
export function createContentIntentResolvers(deps: { cmsPortFor(tenantId: string): Promise<CmsPort> }): IntentResolver[] {
  const portFor = deps.cmsPortFor;
  const current = async (port: CmsPort, id: string) => (await port.getContents([id]))[0] ?? null;
  return [
    defineIntentResolver({
      operation: ContentIntents.Create,
      parse: (input) => createInput.parse(input),
      portFor,
      async settle(port, input, { intent, meta }) {
        const created = await findInPages(
          intent,
          (after) => port.listContent({ first: 50, after }, { kind: input.kind, status: 'draft' }),
          (c) => c.title === input.title && (input.slug === null || c.slug === input.slug) && createdSinceIntent(c, intent),
          { maxPages: CREATED_SCAN_PAGES, newestFirst: true },
        );
        return created ? [contentCreated(created, meta)] : null;
      },
    }),
    defineIntentResolver({
      operation: ContentIntents.Update,
      parse: (input) => updateInput.parse(input),
      portFor,
      async settle(port, input, { intent, meta }) {
        const content = await current(port, input.contentId);
        if (!content) return null;
        const same = (['title', 'slug'] as const).every((field) => input[field] === undefined || content[field] === input[field]);
        const html = input.body === undefined && input.excerpt === undefined;
        const modified = html || content.updatedAt.getTime() >= intent.createdAt.getTime() - INTENT_CLOCK_SKEW_MS;
        return same && modified ? [contentUpdated(content.id, input, meta)] : null;
      },
    }),
    defineIntentResolver({
      operation: ContentIntents.Publish,
      parse: (input) => statusInput.parse(input),
      portFor,
      async settle(port, input, { meta }) {
        const content = await current(port, input.contentId);
        return content?.status === 'published' ? [contentPublished(content, meta)] : null;
      },
    }),
    defineIntentResolver({
      operation: ContentIntents.Unpublish,
      parse: (input) => statusInput.parse(input),
      portFor,
      async settle(port, input, { meta }) {
        const content = await current(port, input.contentId);
        return content?.status === 'draft' ? [contentUnpublished(content, meta)] : null;
      },
    }),
  ];
}
