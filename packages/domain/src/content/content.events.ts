import type { DomainEvent } from '../events/domain-event.js';

export const ContentEventTypes = {
  ContentPublished: 'content.content.published.v1',
  ContentUnpublished: 'content.content.unpublished.v1',
} as const;

export interface ContentPublishedPayload {
  readonly contentId: string;
  readonly kind: 'post' | 'page';
  readonly title: string;
  readonly url: string | null;
}

export interface ContentUnpublishedPayload {
  readonly contentId: string;
}

export type ContentPublished = DomainEvent<typeof ContentEventTypes.ContentPublished, ContentPublishedPayload>;
export type ContentUnpublished = DomainEvent<typeof ContentEventTypes.ContentUnpublished, ContentUnpublishedPayload>;
