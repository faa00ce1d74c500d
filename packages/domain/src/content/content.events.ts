import type { DomainEvent } from '../events/domain-event.js';

export const ContentEventTypes = {
  ContentCreated: 'content.content.created.v1',
  ContentUpdated: 'content.content.updated.v1',
  ContentPublished: 'content.content.published.v1',
  ContentUnpublished: 'content.content.unpublished.v1',
} as const;

export interface ContentCreatedPayload {
  readonly contentId: string;
  readonly kind: 'post' | 'page';
  readonly title: string;
}

export interface ContentUpdatedPayload {
  readonly contentId: string;
  /** The fields the update set: `title`, `slug`, `body`, `excerpt`. */
  readonly fields: readonly string[];
}

export interface ContentPublishedPayload {
  readonly contentId: string;
  readonly kind: 'post' | 'page';
  readonly title: string;
  readonly url: string | null;
}

export interface ContentUnpublishedPayload {
  readonly contentId: string;
}

export type ContentCreated = DomainEvent<typeof ContentEventTypes.ContentCreated, ContentCreatedPayload>;
export type ContentUpdated = DomainEvent<typeof ContentEventTypes.ContentUpdated, ContentUpdatedPayload>;
export type ContentPublished = DomainEvent<typeof ContentEventTypes.ContentPublished, ContentPublishedPayload>;
export type ContentUnpublished = DomainEvent<typeof ContentEventTypes.ContentUnpublished, ContentUnpublishedPayload>;
