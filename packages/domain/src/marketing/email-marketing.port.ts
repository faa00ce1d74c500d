import type { Page, PageRequest } from '../shared/page.js';
import type { AudienceMember, AudienceSegment, Campaign, NewCampaign } from './campaign.entities.js';

/**
 * A tenant's email marketing (Mailchimp, sandbox).
 *
 * Errors, for every method: `ConnectorError` (`unauthorized`, `rate_limited`, `upstream_unavailable`,
 * `invalid_response`, `misconfigured`).
 */
export interface EmailMarketingPort {
  readonly provider: string;
  listCampaigns(request: PageRequest): Promise<Page<Campaign>>;
  /** Batch read: one slot per id in request order, null when unknown. */
  getCampaigns(ids: readonly string[]): Promise<readonly (Campaign | null)[]>;
  /**
   * Creates a draft, to the whole audience or to one of its segments. Raises `ValidationError` naming
   * `name`, `subject`, `audienceId` or `segmentId` (unknown, or a segment of another audience).
   */
  createCampaign(input: NewCampaign): Promise<Campaign>;
  /**
   * Sends a draft campaign. Raises `NotFoundError` when `id` is unknown and
   * `DomainError('invalid_state', 'EMAIL.CAMPAIGN_ALREADY_SENT')` when it was sent already.
   */
  sendCampaign(id: string): Promise<Campaign>;
  /** Adds or updates a member of an audience (idempotent on the email). Raises `NotFoundError` for an unknown audience. */
  upsertAudienceMember(audienceId: string, member: AudienceMember): Promise<void>;
  /**
   * Adds or updates `members` in the audience (batched: a few calls for thousands) and tags them with
   * `tag`, creating the segment when the audience has none of that name. Members already tagged stay
   * tagged; none is untagged. Idempotent: repeating the call changes nothing more. Raises
   * `ValidationError` naming `tag` (empty or over 100 characters), `members` (none, or more than
   * `MAX_SEGMENT_MEMBERS`) or `members[i].email` (malformed or refused; then nobody is tagged), and
   * `NotFoundError` for an unknown audience.
   */
  tagAudienceMembers(audienceId: string, tag: string, members: readonly AudienceMember[]): Promise<AudienceSegment>;
}
