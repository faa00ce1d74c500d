import { orNotFound, pageRequest, parseEmail, ValidationError, type AudienceMember, type AudienceSegment, type Campaign, type EmailMarketingPort, type Message, type MessagingPort, type NewCampaign, type NewMessage, type Page } from '@bizosaas/domain';
import { requireRole, WRITE_ROLES, type ContextClaims } from '@bizosaas/subgraph-kit';
import DataLoader from 'dataloader';

/**
 * Outbound channels, the actions agents and workflows take: email campaigns and SMS/chat messages. The
 * connectors validate provider-specific rules (E.164, audiences); this service checks roles and idempotency keys.
 */
export class CampaignService {
  private readonly campaigns: DataLoader<string, Campaign | null>;

  constructor(
    private readonly port: EmailMarketingPort,
    private readonly identity: ContextClaims,
  ) {
    this.campaigns = new DataLoader((ids) => port.getCampaigns(ids));
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
    const campaign = await this.port.createCampaign(input);
    this.campaigns.prime(campaign.id, campaign);
    return campaign;
  }

  async send(id: string): Promise<Campaign> {
    requireRole(this.identity, WRITE_ROLES, 'EMAIL', 'Sending campaigns');
    await this.campaign(id);
    const sent = await this.port.sendCampaign(id);
    this.campaigns.clear(id).prime(id, sent);
    return sent;
  }

  /** Adds or updates one member of an audience (idempotent on the email); the port raises NotFoundError for an unknown audience. */
  async addMember(audienceId: string, member: AudienceMember): Promise<void> {
    requireRole(this.identity, WRITE_ROLES, 'EMAIL', 'Adding audience members');
    await this.port.upsertAudienceMember(audienceId, { ...member, email: parseEmail(member.email, 'member.email') });
  }

  /** Upserts and tags members (the port validates tag and emails, naming `tag` and `members[i].email`). */
  async tag(audienceId: string, tag: string, members: readonly AudienceMember[]): Promise<AudienceSegment> {
    requireRole(this.identity, WRITE_ROLES, 'EMAIL', 'Tagging audience members');
    return this.port.tagAudienceMembers(audienceId, tag, members);
  }
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

export class MessageService {
  private readonly messages: DataLoader<string, Message | null>;

  constructor(
    private readonly port: MessagingPort,
    private readonly identity: ContextClaims,
  ) {
    this.messages = new DataLoader((ids) => port.getMessages(ids));
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

  async send(input: NewMessage, idempotencyKey: string | null | undefined): Promise<Message> {
    requireRole(this.identity, WRITE_ROLES, 'MESSAGING', 'Sending messages');
    if (idempotencyKey !== null && idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ValidationError([{ field: 'idempotencyKey', reason: 'must be 8 to 128 of A-Z, a-z, 0-9, ., _, : and -' }]);
    }
    const message = await this.port.sendMessage(input, idempotencyKey ? { idempotencyKey } : {});
    this.messages.prime(message.id, message);
    return message;
  }
}
