import { chunks } from '@bizosaas/connector-kit';
import { ConnectorError, NotFoundError, ValidationError, type AudienceSegment, type EntityIds, type SegmentRequest } from '@bizosaas/domain';
import { MAILCHIMP_BATCH_SIZE, type MailchimpApi, type MailchimpMemberInput } from './mailchimp.api.js';
import { decodeSegmentId, MailchimpKinds, segmentIdOf } from './mailchimp.mapping.js';
import type { MailchimpMemberBatcher } from './mailchimp.member-batcher.js';
import type { MailchimpSegment } from './mailchimp.schemas.js';
import { MAILCHIMP_PROVIDER } from './mailchimp.settings.js';

const isNotFound = (error: unknown) => error instanceof ConnectorError && error.code === 'not_found';

/** A member in Mailchimp's shape; names only when given (an absent name leaves Mailchimp's as it is). */
export function memberInput(member: SegmentRequest['members'][number]): MailchimpMemberInput {
  const merge: Record<string, string> = {};
  if (member.firstName) merge['FNAME'] = member.firstName;
  if (member.lastName) merge['LNAME'] = member.lastName;
  return { email_address: member.email, status_if_new: 'subscribed', merge_fields: merge };
}

/**
 * Tags (static segments) of Mailchimp audiences. Tagging a CRM segment of n contacts costs n/500 batch
 * subscribe calls, one tag search (and a create the first time), n/500 batch adds and one read of the
 * count, at most 10 in flight.
 */
export class MailchimpSegments {
  constructor(
    private readonly api: MailchimpApi,
    private readonly members: MailchimpMemberBatcher,
    private readonly ids: EntityIds,
  ) {}

  async tag(audienceId: string, request: SegmentRequest): Promise<AudienceSegment> {
    const listId = this.ids.decode(MailchimpKinds.Audience, audienceId);
    const list = listId === undefined ? null : await this.api.list(listId).catch((e: unknown) => (isNotFound(e) ? null : Promise.reject(e)));
    if (list === null) throw new NotFoundError(MailchimpKinds.Audience, audienceId, 'EMAIL');
    await this.upsertAll(list.id, request);
    const segment = await this.findOrCreate(list.id, request.tag);
    const refused: string[] = [];
    for (const batch of chunks(request.members.map((m) => m.email), MAILCHIMP_BATCH_SIZE)) {
      const answer = await this.api.addToSegment(list.id, segment.id, batch);
      refused.push(...answer.errors.flatMap((e) => e.email_addresses));
    }
    if (refused.length > 0) throw new ConnectorError('invalid_response', MAILCHIMP_PROVIDER, `Mailchimp did not tag ${refused.length} upserted members`);
    const read = await this.api.segment(list.id, segment.id);
    return { id: segmentIdOf(this.ids, list.id, read.id), externalId: String(read.id), audienceId: this.ids.encode(MailchimpKinds.Audience, list.id), name: read.name, memberCount: read.member_count };
  }

  /** The saved segment id for a campaign to `segmentId`, or null when it is no segment of the list. */
  async forCampaign(listId: string, segmentId: string): Promise<number | null> {
    const decoded = decodeSegmentId(this.ids, segmentId);
    if (decoded === undefined || decoded.listId !== listId) return null;
    const segment = await this.api.segment(listId, decoded.segmentId).catch((e: unknown) => (isNotFound(e) ? null : Promise.reject(e)));
    return segment === null ? null : segment.id;
  }

  /** Every member upserted (batched); a member Mailchimp refuses names `members[i].email`, and nobody is tagged. */
  private async upsertAll(listId: string, request: SegmentRequest): Promise<void> {
    const results = await Promise.allSettled(request.members.map((m) => this.members.upsert(listId, memberInput(m))));
    const violations = results.flatMap((result, i) =>
      result.status === 'rejected' && result.reason instanceof ValidationError ? result.reason.violations.map((v) => ({ field: `members[${i}].email`, reason: v.reason })) : [],
    );
    if (violations.length > 0) throw new ValidationError(violations);
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  private async findOrCreate(listId: string, tag: string): Promise<Pick<MailchimpSegment, 'id'>> {
    const found = (await this.api.searchTags(listId, tag)).tags.find((t) => t.name === tag);
    return found ?? this.api.createTag(listId, tag);
  }
}
