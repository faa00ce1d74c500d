import { createHash } from 'node:crypto';
import type { ConnectorHttpClient, HttpRequest } from '@bizosaas/connector-kit';
import type { z } from 'zod';
import { ConcurrencyLimit } from './mailchimp.concurrency.js';
import {
  emptySchema,
  mailchimpBatchSubscribeSchema,
  mailchimpCampaignListSchema,
  mailchimpCampaignSchema,
  mailchimpListSchema,
  mailchimpMemberSchema,
  mailchimpSegmentMembersSchema,
  mailchimpSegmentSchema,
  mailchimpTagSearchSchema,
} from './mailchimp.schemas.js';

const DOCS = {
  list: 'https://mailchimp.com/developer/marketing/api/lists/get-list-info/',
  batchSubscribe: 'https://mailchimp.com/developer/marketing/api/lists/batch-subscribe-or-unsubscribe/',
  member: 'https://mailchimp.com/developer/marketing/api/list-members/add-or-update-list-member/',
  campaigns: 'https://mailchimp.com/developer/marketing/api/campaigns/list-campaigns/',
  campaign: 'https://mailchimp.com/developer/marketing/api/campaigns/get-campaign-info/',
  create: 'https://mailchimp.com/developer/marketing/api/campaigns/add-campaign/',
  content: 'https://mailchimp.com/developer/marketing/api/campaign-content/set-campaign-content/',
  send: 'https://mailchimp.com/developer/marketing/api/campaigns/send-campaign/',
  delete: 'https://mailchimp.com/developer/marketing/api/campaigns/delete-campaign/',
  tagSearch: 'https://mailchimp.com/developer/marketing/api/list-tags/search-for-tags-on-a-list-by-name/',
  createSegment: 'https://mailchimp.com/developer/marketing/api/list-segments/add-segment/',
  segment: 'https://mailchimp.com/developer/marketing/api/list-segments/get-segment-info/',
  segmentMembers: 'https://mailchimp.com/developer/marketing/api/list-segments/batch-add-or-remove-members/',
} as const;

/** Mailchimp's cap on members per batch subscribe call. */
export const MAILCHIMP_BATCH_SIZE = 500;
/** Simultaneous connections Mailchimp allows per API key. */
export const MAILCHIMP_MAX_CONNECTIONS = 10;

/** A member to add or update, in Mailchimp's shape. */
export interface MailchimpMemberInput {
  readonly email_address: string;
  readonly status_if_new: 'subscribed';
  readonly merge_fields: Readonly<Record<string, string>>;
}

/** Mailchimp's subscriber hash: MD5 of the lower-cased email. */
export function subscriberHash(email: string): string {
  return createHash('md5').update(email.toLowerCase()).digest('hex');
}

/** The Marketing API 3.0 endpoints the adapter uses, at most 10 in flight. */
export class MailchimpApi {
  /** `limit`: shared by every connection on the same key (Mailchimp counts connections per key). */
  constructor(
    private readonly http: ConnectorHttpClient,
    private readonly limit: ConcurrencyLimit = new ConcurrencyLimit(MAILCHIMP_MAX_CONNECTIONS),
  ) {}

  private async call<T>(request: HttpRequest, schema: z.ZodType<T>): Promise<T> {
    return (await this.limit.run(() => this.http.request(request, schema))).body;
  }

  /** GET /lists/{list_id} */
  list(listId: string) {
    return this.call({ method: 'GET', path: `/lists/${encodeURIComponent(listId)}`, docs: DOCS.list }, mailchimpListSchema);
  }

  /** PUT /lists/{list_id}/members/{subscriber_hash}: add or update one member (idempotent). */
  putMember(listId: string, member: MailchimpMemberInput) {
    const path = `/lists/${encodeURIComponent(listId)}/members/${subscriberHash(member.email_address)}`;
    return this.call({ method: 'PUT', path, body: member, docs: DOCS.member }, mailchimpMemberSchema);
  }

  /** POST /lists/{list_id} with `update_existing`: up to 500 upserts in one call; an upsert, so safe to retry. */
  batchSubscribe(listId: string, members: readonly MailchimpMemberInput[]) {
    const body = { members, update_existing: true };
    return this.call({ method: 'POST', path: `/lists/${encodeURIComponent(listId)}`, body, idempotent: true, docs: DOCS.batchSubscribe }, mailchimpBatchSubscribeSchema);
  }

  /** GET /campaigns, oldest first. */
  campaigns(offset: number, count: number) {
    const query = { offset, count, sort_field: 'create_time', sort_dir: 'ASC' };
    return this.call({ method: 'GET', path: '/campaigns', query, docs: DOCS.campaigns }, mailchimpCampaignListSchema);
  }

  /** GET /campaigns/{campaign_id} */
  campaign(id: string) {
    return this.call({ method: 'GET', path: `/campaigns/${encodeURIComponent(id)}`, docs: DOCS.campaign }, mailchimpCampaignSchema);
  }

  /** POST /campaigns (not retried: Mailchimp takes no idempotency key). */
  createCampaign(body: Record<string, unknown>) {
    return this.call({ method: 'POST', path: '/campaigns', body, docs: DOCS.create }, mailchimpCampaignSchema);
  }

  /** PUT /campaigns/{campaign_id}/content */
  setContent(id: string, html: string) {
    return this.call({ method: 'PUT', path: `/campaigns/${encodeURIComponent(id)}/content`, body: { html }, docs: DOCS.content }, emptySchema);
  }

  /** DELETE /campaigns/{campaign_id} (204): undoes a draft whose content could not be set. */
  deleteCampaign(id: string) {
    return this.call({ method: 'DELETE', path: `/campaigns/${encodeURIComponent(id)}`, docs: DOCS.delete }, emptySchema);
  }

  /** POST /campaigns/{campaign_id}/actions/send (204). Never retried by the kit: the adapter checks status first. */
  send(id: string) {
    return this.call({ method: 'POST', path: `/campaigns/${encodeURIComponent(id)}/actions/send`, idempotent: false, docs: DOCS.send }, emptySchema);
  }

  /** GET /lists/{list_id}/tag-search?name=: tags whose name contains `name` (the caller picks the exact one). */
  searchTags(listId: string, name: string) {
    return this.call({ method: 'GET', path: `/lists/${encodeURIComponent(listId)}/tag-search`, query: { name }, docs: DOCS.tagSearch }, mailchimpTagSearchSchema);
  }

  /** POST /lists/{list_id}/segments with an empty `static_segment`: a new tag. Not retried (no idempotency key). */
  createTag(listId: string, name: string) {
    const body = { name, static_segment: [] };
    return this.call({ method: 'POST', path: `/lists/${encodeURIComponent(listId)}/segments`, body, docs: DOCS.createSegment }, mailchimpSegmentSchema);
  }

  /** GET /lists/{list_id}/segments/{segment_id} */
  segment(listId: string, segmentId: number) {
    return this.call({ method: 'GET', path: `/lists/${encodeURIComponent(listId)}/segments/${segmentId}`, docs: DOCS.segment }, mailchimpSegmentSchema);
  }

  /** POST /lists/{list_id}/segments/{segment_id}: adds up to 500 members to a tag; adding twice is harmless, so retried. */
  addToSegment(listId: string, segmentId: number, emails: readonly string[]) {
    const body = { members_to_add: emails };
    return this.call({ method: 'POST', path: `/lists/${encodeURIComponent(listId)}/segments/${segmentId}`, body, idempotent: true, docs: DOCS.segmentMembers }, mailchimpSegmentMembersSchema);
  }
}
