import {
  ConnectorError,
  DomainError,
  EntityIds,
  NotFoundError,
  parseEmail,
  parseSegmentRequest,
  ValidationError,
  Violations,
  type AudienceMember,
  type AudienceSegment,
  type Campaign,
  type EmailMarketingPort,
  type NewCampaign,
  type Page,
  type PageRequest,
} from '@bizosaas/domain';
import type { ConnectorHttpClient } from '@bizosaas/connector-kit';
import { MailchimpApi, MAILCHIMP_MAX_CONNECTIONS } from './mailchimp.api.js';
import { ConcurrencyLimit } from './mailchimp.concurrency.js';
import { MailchimpSegments, memberInput } from './mailchimp.segments.js';
import { campaignFromMailchimp, MailchimpKinds } from './mailchimp.mapping.js';
import { MailchimpMemberBatcher } from './mailchimp.member-batcher.js';
import { MAILCHIMP_PROVIDER } from './mailchimp.settings.js';
import type { MailchimpCampaign } from './mailchimp.schemas.js';

/** What the adapter needs: the connection minting ids and its kit HTTP client. */
export interface MailchimpAdapterOptions {
  readonly connectionId: string;
  readonly http: ConnectorHttpClient;
  /** The key's limit on simultaneous calls, shared by the connections on that key. */
  readonly limit?: ConcurrencyLimit;
}

/** A send whose answer was lost is re-checked this many times before giving up. */
const SEND_ATTEMPTS = 3;

function isNotFound(error: unknown): boolean {
  return error instanceof ConnectorError && error.code === 'not_found';
}

/**
 * Mailchimp Marketing API 3.0 as the email marketing port: audiences are lists, campaigns are regular
 * campaigns with HTML content, members are upserted by subscriber hash or in batches of 500.
 */
export class MailchimpEmailMarketingAdapter implements EmailMarketingPort {
  readonly provider = MAILCHIMP_PROVIDER;
  private readonly ids: EntityIds;
  private readonly api: MailchimpApi;
  private readonly members: MailchimpMemberBatcher;
  private readonly segments: MailchimpSegments;

  constructor(options: MailchimpAdapterOptions) {
    this.ids = new EntityIds(options.connectionId);
    this.api = new MailchimpApi(options.http, options.limit ?? new ConcurrencyLimit(MAILCHIMP_MAX_CONNECTIONS));
    this.members = new MailchimpMemberBatcher(this.api);
    this.segments = new MailchimpSegments(this.api, this.members, this.ids);
  }

  /** Pages by offset, oldest first (the cursor is the offset of the next item). */
  async listCampaigns(request: PageRequest): Promise<Page<Campaign>> {
    if (request.after && !/^\d{1,9}$/.test(request.after)) throw new ValidationError([{ field: 'after', reason: 'is not a cursor of this list (pass a previous endCursor)' }]);
    const offset = request.after ? Number(request.after) : 0;
    const page = await this.api.campaigns(offset, request.first);
    const items = page.campaigns.map((raw, i) => ({ node: campaignFromMailchimp(raw, this.ids), cursor: String(offset + i + 1) }));
    const next = offset + items.length;
    const hasNextPage = items.length > 0 && next < page.total_items;
    return { items, endCursor: hasNextPage ? String(next) : null, hasNextPage, totalCount: page.total_items };
  }

  /** Mailchimp has no read-by-ids: one GET per distinct id, at most 10 in flight; unknown ids are null. */
  async getCampaigns(ids: readonly string[]): Promise<readonly (Campaign | null)[]> {
    const external = ids.map((id) => this.ids.decode(MailchimpKinds.Campaign, id));
    const unique = [...new Set(external.filter((id): id is string => id !== undefined))];
    const found = new Map(await Promise.all(unique.map(async (id) => [id, await this.find(id)] as const)));
    return external.map((id) => {
      const raw = id === undefined ? undefined : found.get(id);
      return raw === undefined || raw === null ? null : campaignFromMailchimp(raw, this.ids);
    });
  }

  /** Creates a draft with the audience's default sender, to a segment if given. Raises `ValidationError` naming every bad field. */
  async createCampaign(input: NewCampaign): Promise<Campaign> {
    const violations = new Violations();
    if (input.name.trim() === '') violations.add('name', 'must not be empty');
    if (input.subject.trim() === '') violations.add('subject', 'must not be empty');
    const listId = this.ids.decode(MailchimpKinds.Audience, input.audienceId);
    const list = listId === undefined ? null : await this.api.list(listId).catch((error: unknown) => (isNotFound(error) ? null : Promise.reject(error)));
    if (list === null) violations.add('audienceId', 'is not an audience of this Mailchimp account');
    const segment = input.segmentId && list !== null ? await this.segments.forCampaign(list.id, input.segmentId) : null;
    if (input.segmentId && segment === null) violations.add('segmentId', 'is not a segment of this audience');
    violations.throwIfAny();
    if (list === null) throw new Error('unreachable: a missing audience is a violation');
    const created = await this.api.createCampaign({
      type: 'regular',
      recipients: { list_id: list.id, ...(segment !== null && { segment_opts: { saved_segment_id: segment } }) },
      settings: { title: input.name.trim(), subject_line: input.subject.trim(), from_name: list.campaign_defaults.from_name, reply_to: list.campaign_defaults.from_email },
    });
    // Nothing half-written: a draft whose content Mailchimp refused is deleted again before the error surfaces.
    await this.api.setContent(created.id, input.html).catch(async (error: unknown) => {
      await this.api.deleteCampaign(created.id).catch(() => undefined);
      throw error;
    });
    return campaignFromMailchimp(created, this.ids);
  }

  /**
   * Sends a draft once. The send is never blindly repeated: after a lost answer the campaign's status
   * says whether Mailchimp took it, and only an unsent draft is sent again.
   */
  async sendCampaign(id: string): Promise<Campaign> {
    const externalId = this.ids.decode(MailchimpKinds.Campaign, id);
    const current = externalId === undefined ? null : await this.find(externalId);
    if (current === null || externalId === undefined) throw new NotFoundError(MailchimpKinds.Campaign, id, 'EMAIL');
    if (current.status === 'sent' || current.status === 'sending') {
      throw new DomainError('invalid_state', 'EMAIL.CAMPAIGN_ALREADY_SENT', `Campaign ${id} was sent already; create a new campaign to send again`);
    }
    if (current.status !== 'save' && current.status !== 'paused') {
      throw new DomainError('invalid_state', 'EMAIL.CAMPAIGN_NOT_DRAFT', `Campaign ${id} is ${current.status}; only a draft can be sent`);
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.api.send(externalId);
        break;
      } catch (error) {
        const retryable = error instanceof ConnectorError && (error.code === 'upstream_unavailable' || error.code === 'rate_limited');
        if (!retryable) throw error;
        const after = await this.find(externalId);
        if (after !== null && (after.status === 'sending' || after.status === 'sent')) break;
        if (attempt >= SEND_ATTEMPTS) throw error;
      }
    }
    const sent = await this.find(externalId);
    if (sent === null) throw new NotFoundError(MailchimpKinds.Campaign, id, 'EMAIL');
    return campaignFromMailchimp(sent, this.ids);
  }

  /** Adds or updates a member (batched with the other upserts of the same tick). Unknown audience: `NotFoundError`. */
  async upsertAudienceMember(audienceId: string, member: AudienceMember): Promise<void> {
    const email = parseEmail(member.email);
    const listId = this.ids.decode(MailchimpKinds.Audience, audienceId);
    if (listId === undefined) throw new NotFoundError(MailchimpKinds.Audience, audienceId, 'EMAIL');
    await this.members.upsert(listId, memberInput({ ...member, email })).catch((error: unknown) => {
      throw isNotFound(error) ? new NotFoundError(MailchimpKinds.Audience, audienceId, 'EMAIL') : error;
    });
  }

  /**
   * Upserts the members (batch subscribe, 500 a call) and tags them. Bad input is refused before any call;
   * a member Mailchimp refuses names `members[i].email` and nobody is tagged (the others stay upserted).
   */
  async tagAudienceMembers(audienceId: string, tag: string, members: readonly AudienceMember[]): Promise<AudienceSegment> {
    return this.segments.tag(audienceId, parseSegmentRequest(tag, members));
  }

  private async find(externalId: string): Promise<MailchimpCampaign | null> {
    return this.api.campaign(externalId).catch((error: unknown) => (isNotFound(error) ? null : Promise.reject(error)));
  }
}
