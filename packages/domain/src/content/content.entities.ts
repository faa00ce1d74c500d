import type { EntityBase } from '../shared/entity.js';

export type ContentKind = 'post' | 'page';
export type ContentStatus = 'draft' | 'published' | 'scheduled' | 'archived';

/** A post or page in a CMS. */
export interface Content extends EntityBase {
  readonly kind: ContentKind;
  readonly title: string;
  /** URL slug, unique per kind within a site. */
  readonly slug: string;
  /** HTML body. */
  readonly body: string;
  readonly excerpt: string | null;
  readonly status: ContentStatus;
  /** Public URL, when the CMS reports one. */
  readonly url: string | null;
  readonly publishedAt: Date | null;
  readonly authorName: string | null;
}

export interface NewContent {
  readonly kind: ContentKind;
  readonly title: string;
  readonly slug?: string | null;
  readonly body: string;
  readonly excerpt?: string | null;
}

export type ContentPatch = Partial<Omit<NewContent, 'kind'>>;

export interface ContentFilter {
  readonly kind?: ContentKind;
  readonly status?: ContentStatus;
}
