import {
  checkText,
  DomainError,
  orNotFound,
  pageRequest,
  Violations,
  type CmsPort,
  type Content,
  type ContentFilter,
  type ContentPatch,
  type OutboxPort,
  type NewContent,
  type Page,
} from '@bizosaas/domain';
import { ExternalWrites, requireRole, WRITE_ROLES, type ContextClaims } from '@bizosaas/subgraph-kit';
import { contentCreated, ContentIntents, contentPublished, contentUnpublished, contentUpdated, type ContentUpdateIntent } from './content.intents.js';
import type DataLoader from 'dataloader';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The content application service: input rules, the publication state machine (only a draft can be
 * published, only a published item unpublished) and the ContentPublished event, committed with the change
 * through the outbox. One per request.
 */
export class ContentService {
  private readonly writes: ExternalWrites;

  constructor(
    private readonly port: CmsPort,
    private readonly contents: DataLoader<string, Content | null>,
    outbox: OutboxPort,
    private readonly identity: ContextClaims,
  ) {
    this.writes = new ExternalWrites(outbox, port, identity);
  }

  async get(id: string): Promise<Content> {
    return orNotFound(await this.contents.load(id), 'Content', id, 'CONTENT');
  }

  find(id: string): Promise<Content | null> {
    return this.contents.load(id);
  }

  list(first: number, after: string | null | undefined, filter?: ContentFilter): Promise<Page<Content>> {
    return this.port.listContent(pageRequest(first, after), filter);
  }

  async create(input: NewContent): Promise<Content> {
    requireRole(this.identity, WRITE_ROLES, 'CONTENT', 'Changing content');
    const v = new Violations();
    checkContentText(v, input);
    checkText(v, 'input.body', input.body, { required: true, max: 200_000 });
    v.throwIfAny();
    const title = input.title.trim();
    const fingerprint = { kind: input.kind, title, slug: input.slug ?? null };
    return this.remember(
      await this.writes.commit(ContentIntents.Create, fingerprint, async (record) => {
        const created = await this.port.createContent({ ...input, title });
        record(contentCreated(created, this.writes.meta));
        return created;
      }),
    );
  }

  async update(id: string, patch: { [K in keyof ContentPatch]?: ContentPatch[K] | null }): Promise<Content> {
    requireRole(this.identity, WRITE_ROLES, 'CONTENT', 'Changing content');
    await this.get(id);
    const v = new Violations();
    for (const field of ['title', 'slug', 'body'] as const) {
      if (patch[field] === null) v.add(`input.${field}`, 'cannot be cleared');
    }
    checkContentText(v, { title: patch.title ?? undefined, slug: patch.slug, excerpt: patch.excerpt });
    if (typeof patch.body === 'string') checkText(v, 'input.body', patch.body, { required: true, max: 200_000 });
    v.throwIfAny();
    const clean: ContentPatch = {
      ...(typeof patch.title === 'string' ? { title: patch.title.trim() } : {}),
      ...(typeof patch.slug === 'string' ? { slug: patch.slug } : {}),
      ...(typeof patch.body === 'string' ? { body: patch.body } : {}),
      ...(patch.excerpt !== undefined ? { excerpt: patch.excerpt } : {}),
    };
    const intent: ContentUpdateIntent = {
      contentId: id,
      ...(clean.title !== undefined ? { title: clean.title } : {}),
      ...(clean.slug !== undefined && clean.slug !== null ? { slug: clean.slug } : {}),
      ...(clean.body !== undefined ? { body: true as const } : {}),
      ...(clean.excerpt !== undefined ? { excerpt: true as const } : {}),
    };
    return this.remember(
      await this.writes.commit(ContentIntents.Update, intent, async (record) => {
        const updated = await this.port.updateContent(id, clean);
        record(contentUpdated(updated.id, intent, this.writes.meta));
        return updated;
      }),
    );
  }

  /** Publishes a draft; anything else is INVALID_STATE and nothing changes. */
  async publish(id: string): Promise<Content> {
    requireRole(this.identity, WRITE_ROLES, 'CONTENT', 'Publishing content');
    const current = await this.get(id);
    if (current.status !== 'draft') {
      throw new DomainError('invalid_state', 'CONTENT.NOT_A_DRAFT', `Only a draft can be published; content ${id} is ${current.status}.`);
    }
    return this.remember(
      await this.writes.commit(ContentIntents.Publish, { contentId: id }, async (record) => {
        const published = await this.port.publishContent(id);
        record(contentPublished(published, this.writes.meta));
        return published;
      }),
    );
  }

  /** Turns a published item back into a draft; anything else is INVALID_STATE. */
  async unpublish(id: string): Promise<Content> {
    requireRole(this.identity, WRITE_ROLES, 'CONTENT', 'Unpublishing content');
    const current = await this.get(id);
    if (current.status !== 'published') {
      throw new DomainError('invalid_state', 'CONTENT.NOT_PUBLISHED', `Only published content can be unpublished; content ${id} is ${current.status}.`);
    }
    return this.remember(
      await this.writes.commit(ContentIntents.Unpublish, { contentId: id }, async (record) => {
        const unpublished = await this.port.unpublishContent(id);
        record(contentUnpublished(unpublished, this.writes.meta));
        return unpublished;
      }),
    );
  }

  /** Later reads in the same operation see this write (see CrmService for the same reason). */
  private remember(content: Content): Content {
    this.contents.clear(content.id).prime(content.id, content);
    return content;
  }
}

function checkContentText(v: Violations, input: { title?: string | undefined; slug?: string | null | undefined; excerpt?: string | null | undefined }): void {
  if (input.title !== undefined) checkText(v, 'input.title', input.title, { required: true, max: 200 });
  if (typeof input.slug === 'string' && (!SLUG.test(input.slug) || input.slug.length > 120)) {
    v.add('input.slug', 'must be lower-case letters, digits and single dashes, at most 120 characters, e.g. "spring-launch"');
  }
  checkText(v, 'input.excerpt', input.excerpt, { max: 1000 });
}
