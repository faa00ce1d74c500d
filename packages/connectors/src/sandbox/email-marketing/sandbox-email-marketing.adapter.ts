import { randomBytes } from 'node:crypto';
import {
  DomainError,
  EntityIds,
  NotFoundError,
  parseEmail,
  parseSegmentRequest,
  Violations,
  type AudienceMember,
  type AudienceSegment,
  type Campaign,
  type EmailMarketingPort,
  type NewCampaign,
  type Page,
  type PageRequest,
  type SqlClient,
} from '@bizosaas/domain';
import { seqAfter, toPage } from '../shared/paging.js';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';
import { campaignEngagement, campaignFromRow, SandboxEmailKinds } from './sandbox-email-marketing.mapping.js';
import { parseCampaignRow } from './sandbox-email-marketing.rows.js';
import { countSegmentMembers, findSegment, tagSegmentMembers } from './sandbox-email-marketing.segments.js';

/** What the adapter needs: the platform database, the tenant's dataset and the connection minting ids. */
export interface SandboxEmailMarketingAdapterOptions {
  readonly sql: SqlClient;
  readonly dataset: string;
  readonly connectionId: string;
}

/** Fresh external ids for records created through the port (the seed numbers its own). */
function newExternalId(prefix: 'cm' | 'mb'): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}

/**
 * The sandbox email marketing provider: campaigns and audience members in the platform database.
 * Sending is instant and reports deterministic engagement, so dashboards have numbers without a vendor.
 */
export class SandboxEmailMarketingAdapter implements EmailMarketingPort {
  readonly provider = SANDBOX_PROVIDER;
  private readonly sql: SqlClient;
  private readonly dataset: string;
  private readonly ids: EntityIds;

  constructor(options: SandboxEmailMarketingAdapterOptions) {
    this.sql = options.sql;
    this.dataset = options.dataset;
    this.ids = new EntityIds(options.connectionId);
  }

  async listCampaigns(request: PageRequest): Promise<Page<Campaign>> {
    const after = seqAfter(request);
    const count = await this.sql.query('select count(*)::int as total from sandbox_email_campaigns where dataset = $1', [this.dataset]);
    const { rows } = await this.sql.query('select * from sandbox_email_campaigns where dataset = $1 and seq > $2::bigint order by seq limit $3', [
      this.dataset,
      after,
      request.first + 1,
    ]);
    const total = count.rows[0]?.total;
    return toPage(rows.map(parseCampaignRow), request.first, typeof total === 'number' ? total : 0, (row) => campaignFromRow(row, this.ids));
  }

  /** Batch read in one query; one slot per id in request order, null for unknown, foreign or malformed ids. */
  async getCampaigns(ids: readonly string[]): Promise<readonly (Campaign | null)[]> {
    const externalIds = ids.map((id) => this.ids.decode(SandboxEmailKinds.Campaign, id));
    const wanted = [...new Set(externalIds.filter((id): id is string => id !== undefined))];
    if (wanted.length === 0) return ids.map(() => null);
    const { rows } = await this.sql.query('select * from sandbox_email_campaigns where dataset = $1 and id = any($2::text[])', [this.dataset, wanted]);
    const byId = new Map(rows.map((row) => {
      const campaign = campaignFromRow(parseCampaignRow(row), this.ids);
      return [campaign.externalId, campaign] as const;
    }));
    return externalIds.map((externalId) => (externalId === undefined ? null : (byId.get(externalId) ?? null)));
  }

  /** Creates a draft. Raises `ValidationError` naming `name`, `subject`, `audienceId` and/or `segmentId` (all at once). */
  async createCampaign(input: NewCampaign): Promise<Campaign> {
    return this.sql.transaction(async (tx) => {
      const violations = new Violations();
      if (input.name.trim() === '') violations.add('name', 'must not be empty');
      if (input.subject.trim() === '') violations.add('subject', 'must not be empty');
      const audienceId = await this.findAudience(tx, input.audienceId);
      if (audienceId === null) violations.add('audienceId', 'is not an audience of this account');
      const segmentId = input.segmentId && audienceId !== null ? await findSegment(tx, { dataset: this.dataset, audienceId, ids: this.ids }, input.segmentId) : null;
      if (input.segmentId && segmentId === null) violations.add('segmentId', 'is not a segment of this audience');
      violations.throwIfAny();
      const { rows } = await tx.query(
        `insert into sandbox_email_campaigns (dataset, id, name, subject, status, audience_id, segment_id, html)
         values ($1, $2, $3, $4, 'draft', $5, $6, $7) returning *`,
        [this.dataset, newExternalId('cm'), input.name.trim(), input.subject.trim(), audienceId, segmentId, input.html],
      );
      return campaignFromRow(parseCampaignRow(rows[0]), this.ids);
    });
  }

  /**
   * Sends a draft to every member of its audience (or of its segment), at once. Raises `NotFoundError` for an unknown id and
   * `DomainError('invalid_state', 'EMAIL.CAMPAIGN_ALREADY_SENT')` for a campaign that was sent already.
   */
  async sendCampaign(id: string): Promise<Campaign> {
    const externalId = this.ids.decode(SandboxEmailKinds.Campaign, id);
    if (externalId === undefined) throw new NotFoundError(SandboxEmailKinds.Campaign, id, 'EMAIL');
    return this.sql.transaction(async (tx) => {
      // The row lock makes two concurrent sends meet here: the second sees `sent` and is refused.
      const current = await tx.query('select * from sandbox_email_campaigns where dataset = $1 and id = $2 for update', [this.dataset, externalId]);
      if (current.rows.length === 0) throw new NotFoundError(SandboxEmailKinds.Campaign, id, 'EMAIL');
      const campaign = parseCampaignRow(current.rows[0]);
      if (campaign.status === 'sent') throw new DomainError('invalid_state', 'EMAIL.CAMPAIGN_ALREADY_SENT', `Campaign ${id} was sent already; create a new campaign to send again`);
      if (campaign.status !== 'draft') throw new DomainError('invalid_state', 'EMAIL.CAMPAIGN_NOT_DRAFT', `Campaign ${id} is ${campaign.status}; only a draft can be sent`);
      const recipients = campaign.segment_id !== null ? await countSegmentMembers(tx, this.dataset, campaign.segment_id) : await this.countMembers(tx, campaign.audience_id);
      const { opens, clicks } = campaignEngagement(campaign.id, recipients);
      const { rows } = await tx.query(
        `update sandbox_email_campaigns set status = 'sent', sent_at = now(), recipients = $3, opens = $4, clicks = $5, updated_at = now()
         where dataset = $1 and id = $2 returning *`,
        [this.dataset, externalId, recipients, opens, clicks],
      );
      return campaignFromRow(parseCampaignRow(rows[0]), this.ids);
    });
  }

  /**
   * Adds a member, or updates the names of the member with that email (case-insensitively): calling it
   * twice leaves one member. An omitted name is left alone, null clears it. Raises `ValidationError`
   * naming `email` for a malformed address and `NotFoundError` for an unknown audience.
   */
  async upsertAudienceMember(audienceId: string, member: AudienceMember): Promise<void> {
    const email = parseEmail(member.email);
    const externalAudienceId = await this.findAudience(this.sql, audienceId);
    if (externalAudienceId === null) throw new NotFoundError(SandboxEmailKinds.Audience, audienceId, 'EMAIL');
    // One statement, so two concurrent upserts of the same email still leave one member.
    await this.sql.query(
      `insert into sandbox_email_audience_members as m (dataset, id, audience_id, email, first_name, last_name)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (dataset, audience_id, lower(email)) do update set
         first_name = case when $7::boolean then excluded.first_name else m.first_name end,
         last_name = case when $8::boolean then excluded.last_name else m.last_name end,
         updated_at = now()`,
      [
        this.dataset,
        newExternalId('mb'),
        externalAudienceId,
        email,
        member.firstName ?? null,
        member.lastName ?? null,
        member.firstName !== undefined,
        member.lastName !== undefined,
      ],
    );
  }

  /**
   * Upserts the members and tags them, in one transaction: bad input (named `tag`, `members`,
   * `members[i].email`) is refused before anything is written; an unknown audience is `NotFoundError`.
   */
  async tagAudienceMembers(audienceId: string, tag: string, members: readonly AudienceMember[]): Promise<AudienceSegment> {
    const request = parseSegmentRequest(tag, members);
    return this.sql.transaction(async (tx) => {
      const externalAudienceId = await this.findAudience(tx, audienceId);
      if (externalAudienceId === null) throw new NotFoundError(SandboxEmailKinds.Audience, audienceId, 'EMAIL');
      return tagSegmentMembers(tx, { dataset: this.dataset, audienceId: externalAudienceId, ids: this.ids }, request);
    });
  }

  private async countMembers(sql: SqlClient, audienceId: string): Promise<number> {
    const { rows } = await sql.query('select count(*)::int as n from sandbox_email_audience_members where dataset = $1 and audience_id = $2', [this.dataset, audienceId]);
    return Number(rows[0]?.n ?? 0);
  }

  /** The external id of an audience of this dataset, or null when the id is foreign, malformed or unknown. */
  private async findAudience(sql: SqlClient, audienceId: string): Promise<string | null> {
    const externalId = this.ids.decode(SandboxEmailKinds.Audience, audienceId);
    if (externalId === undefined) return null;
    const { rows } = await sql.query('select id from sandbox_email_audiences where dataset = $1 and id = $2', [this.dataset, externalId]);
    return rows.length === 0 ? null : externalId;
  }
}
