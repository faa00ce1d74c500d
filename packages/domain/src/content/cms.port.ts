import type { Page, PageRequest } from '../shared/page.js';
import type { Content, ContentFilter, ContentPatch, NewContent } from './content.entities.js';

/**
 * A tenant's CMS (WordPress, Wagtail, Drupal, sandbox). Rules such as "only a draft can be published"
 * live in the content service, not here.
 *
 * Errors, for every method: `ConnectorError` (`unauthorized`, `rate_limited`, `upstream_unavailable`,
 * `invalid_response`, `misconfigured`); writes on a read-only CMS raise `ConnectorError('not_supported')`.
 */
export interface CmsPort {
  readonly provider: string;
  /** One page of content, newest first. Drafts are included when the connection may see them. */
  listContent(request: PageRequest, filter?: ContentFilter): Promise<Page<Content>>;
  /** Batch read: one slot per id in request order, null when unknown. */
  getContents(ids: readonly string[]): Promise<readonly (Content | null)[]>;
  /** Creates a draft. */
  createContent(input: NewContent): Promise<Content>;
  /** Raises `NotFoundError` when `id` is unknown. */
  updateContent(id: string, patch: ContentPatch): Promise<Content>;
  /** Sets status to published and returns the item. Raises `NotFoundError` when `id` is unknown. */
  publishContent(id: string): Promise<Content>;
  /** Sets status back to draft. Raises `NotFoundError` when `id` is unknown. */
  unpublishContent(id: string): Promise<Content>;
}
