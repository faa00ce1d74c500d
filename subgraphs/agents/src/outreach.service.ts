import { DEFAULT_MESSAGE_CHANNEL, orNotFound, pageRequest, parseEmail, ValidationError, type AudienceMember, type AudienceSegment, type Campaign, type EmailMarketingPort, type Message, type MessageRequest, type MessagingPort, type NewCampaign, type NewMessage, type OutboxPort, type Page } from '@bizosaas/domain';
import { ExternalWrites, requireRole, WRITE_ROLES, type ContextClaims } from '@bizosaas/subgraph-kit';
import { audienceMemberAdded, audienceMembersTagged, campaignCreated, campaignSent, messageSent, OutreachIntents } from './outreach.intents.js';
import DataLoader from 'dataloader';

/**
 * Outbound channels, the actions agents and workflows take: email campaigns and SMS/chat messages. The
 * connectors validate provider-specific rules (E.164, audiences); this service checks roles and idempotency keys.
 */
export class CampaignService {
  private readonly campaigns: DataLoader<string, Campaign | null>;
  private readonly writes: ExternalWrites;

  constructor(
    private readonly port: EmailMarketingPort,
    private readonly identity: ContextClaims,
    outbox: OutboxPort,
  ) {
    this.campaigns = new DataLoader((ids) => port.getCampaigns(ids));
    this.writes = new ExternalWrites(outbox, port, identity);
  }

  async campaign(id: string): Promise<Campaign> {
    return orNotFound(await this.campaigns.load(id), 'Campaign', id, 'EMAIL');
  }

  find(id: string): Promise<Campaign | null> {
    return this.campaigns.load(id);
  }

  list(first: number, after?: string | null): Promise<Page<Campaign>> {
    return this.port.listCampaigns(pageRequest(first, after));
  }

  async create(input: NewCampaign): Promise<Campaign> {
    requireRole(this.identity, WRITE_ROLES, 'EMAIL', 'Creating campaigns');
    const fingerprint = { name: input.name, subject: input.subject, audienceId: input.audienceId };
    const campaign = await this.writes.commit(OutreachIntents.CreateCampaign, fingerprint, async (record) => {
      const created = await this.port.createCampaign(input);
      record(campaignCreated(created, this.writes.meta));
      return created;
    });
    this.campaigns.prime(campaign.id, campaign);
    return campaign;
  }

  async send(id: string): Promise<Campaign> {
    requireRole(this.identity, WRITE_ROLES, 'EMAIL', 'Sending campaigns');
    await this.campaign(id);
    const sent = await this.writes.commit(OutreachIntents.SendCampaign, { campaignId: id }, async (record) => {
      const campaign = await this.port.sendCampaign(id);
      record(campaignSent(campaign, this.writes.meta));
      return campaign;
    });
    this.campaigns.clear(id).prime(id, sent);
    return sent;
  }

  /** Adds or updates one member of an audience (an upsert by email: repeating it leaves one member). */
  async addMember(audienceId: string, member: AudienceMember): Promise<void> {
    requireRole(this.identity, WRITE_ROLES, 'EMAIL', 'Adding audience members');
    const email = parseEmail(member.email, 'member.email');
    const input = { audienceId, email, firstName: member.firstName ?? null, lastName: member.lastName ?? null };
    await this.writes.commit(OutreachIntents.AddAudienceMember, input, async (record) => {
      await this.port.upsertAudienceMember(audienceId, { ...member, email });
      record(audienceMemberAdded(audienceId, email, this.writes.meta));
    });
  }

  /** Upserts and tags members (the port validates tag and emails, naming `tag` and `members[i].email`). */
  async tag(audienceId: string, tag: string, members: readonly AudienceMember[]): Promise<AudienceSegment> {
    requireRole(this.identity, WRITE_ROLES, 'EMAIL', 'Tagging audience members');
    // The intent keeps the members (email and names) so recovery can re-send the idempotent call as it was.
    const input = { audienceId, tag, members: members.map((m) => ({ email: m.email, firstName: m.firstName ?? null, lastName: m.lastName ?? null })) };
    return this.writes.commit(OutreachIntents.TagAudienceMembers, input, async (record) => {
      const segment = await this.port.tagAudienceMembers(audienceId, tag, members);
      record(audienceMembersTagged(segment, members.length, this.writes.meta));
      return segment;
    });
  }
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

export class MessageService {
  private readonly messages: DataLoader<string, Message | null>;
  private readonly writes: ExternalWrites;

  constructor(
    private readonly port: MessagingPort,
    private readonly identity: ContextClaims,
    outbox: OutboxPort,
  ) {
    this.messages = new DataLoader((ids) => port.getMessages(ids));
    this.writes = new ExternalWrites(outbox, port, identity);
  }

  async message(id: string): Promise<Message> {
    return orNotFound(await this.messages.load(id), 'Message', id, 'MESSAGING');
  }

  find(id: string): Promise<Message | null> {
    return this.messages.load(id);
  }

  list(first: number, after?: string | null): Promise<Page<Message>> {
    return this.port.listMessages(pageRequest(first, after));
  }

  /** Sends a message; one without a channel goes as {@link DEFAULT_MESSAGE_CHANNEL} (SMS). */
  async send(request: MessageRequest, idempotencyKey: string | null | undefined): Promise<Message> {
    requireRole(this.identity, WRITE_ROLES, 'MESSAGING', 'Sending messages');
    if (idempotencyKey !== null && idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ValidationError([{ field: 'idempotencyKey', reason: 'must be 8 to 128 of A-Z, a-z, 0-9, ., _, : and -' }]);
    }
    const input: NewMessage = { channel: request.channel ?? DEFAULT_MESSAGE_CHANNEL, to: request.to, body: request.body };
    // The caller's key dedupes its own retries (in the adapter); the intent settles a crash mid-send.
    const fingerprint = { channel: input.channel, to: input.to, body: input.body };
    const message = await this.writes.commit(OutreachIntents.SendMessage, fingerprint, async (record) => {
      const sent = await this.port.sendMessage(input, idempotencyKey ? { idempotencyKey } : {});
      record(messageSent(sent, this.writes.meta));
      return sent;
    });
    this.messages.prime(message.id, message);
    return message;
  }
}
