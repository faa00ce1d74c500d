import {
  createEvent,
  EmailMarketingEventTypes,
  MessagingEventTypes,
  NotFoundError,
  ValidationError,
  type AudienceSegment,
  type Campaign,
  type DomainEvent,
  type EmailMarketingPort,
  type IntentResolver,
  type Message,
  type MessagingPort,
} from '@bizosaas/domain';
import { createdSinceIntent, defineIntentResolver, findInPages, type WriteMeta } from '@bizosaas/subgraph-kit';
import { z } from 'zod';

/** The outbound writes that record an intent before calling the tenant's provider (ExternalWrites). */
export const OutreachIntents = {
  CreateCampaign: 'marketing.campaign.create',
  AddAudienceMember: 'marketing.audience.member.add',
  TagAudienceMembers: 'marketing.audience.tag',
  SendCampaign: 'marketing.campaign.send',
  SendMessage: 'messaging.message.send',
} as const;

/** Pages of campaigns read when looking for a created draft. */
const CAMPAIGN_SCAN_PAGES = 5;
/** Pages of the account's messages (newest first) read when looking for a sent message. */
const SENT_SCAN_PAGES = 5;

const correlationId = z.string().nullable();
const tagInput = z.object({
  audienceId: z.string(),
  tag: z.string(),
  members: z.array(z.object({ email: z.string(), firstName: z.string().nullable().optional(), lastName: z.string().nullable().optional() })),
  correlationId,
});
const memberInput = z.object({ audienceId: z.string(), email: z.string(), firstName: z.string().nullable(), lastName: z.string().nullable(), correlationId });
const createCampaignInput = z.object({ name: z.string(), subject: z.string(), audienceId: z.string(), correlationId });
const sendCampaignInput = z.object({ campaignId: z.string(), correlationId });
const sendMessageInput = z.object({ channel: z.enum(['sms', 'whatsapp']), to: z.string(), body: z.string(), correlationId });

export function audienceMemberAdded(audienceId: string, email: string, meta: WriteMeta): DomainEvent {
  return createEvent(EmailMarketingEventTypes.AudienceMemberAdded, { audienceId, email }, { ...meta, source: 'agents' });
}

export function audienceMembersTagged(segment: AudienceSegment, members: number, meta: WriteMeta): DomainEvent {
  const payload = { audienceId: segment.audienceId, segmentId: segment.id, tag: segment.name, members };
  return createEvent(EmailMarketingEventTypes.AudienceMembersTagged, payload, { ...meta, source: 'agents' });
}

export function campaignCreated(campaign: Campaign, meta: WriteMeta): DomainEvent {
  return createEvent(EmailMarketingEventTypes.CampaignCreated, { campaignId: campaign.id, name: campaign.name, audienceId: campaign.audienceId }, { ...meta, source: 'agents' });
}

export function campaignSent(campaign: Campaign, meta: WriteMeta): DomainEvent {
  return createEvent(EmailMarketingEventTypes.CampaignSent, { campaignId: campaign.id, name: campaign.name }, { ...meta, source: 'agents' });
}

export function messageSent(message: Message, meta: WriteMeta): DomainEvent {
  const status = message.status === 'received' ? 'sent' : message.status;
  const payload = { messageId: message.id, externalId: message.externalId, to: message.to, from: message.from, status };
  return createEvent(MessagingEventTypes.MessageSent, payload, { ...meta, source: 'agents' });
}

/**
 * How a crash between an outbound provider's commit and ours is settled.
 * - Adding an audience member and tagging members are idempotent at the provider (Mailchimp keys a member
 *   by the hash of its email, and a tag already set stays set), so they are re-sent: one member, tagged
 *   once, with one event.
 * - A created draft campaign is looked up among the campaigns by name, subject and audience, created since
 *   the intent; a sent campaign is checked by its status at the provider.
 * - Twilio takes no idempotency key and returns nothing we put in a send, and a reference in the text would
 *   reach the recipient, so a sent message is looked up among the account's messages (newest first) by its
 *   fingerprint: outbound, same channel, number and text, created since the intent. A status callback would
 *   only arrive if Twilio had the message, and not at all when no public URL is configured, so it cannot
 *   tell "not sent" from "not called back yet". Two identical texts to one number in the same few minutes
 *   are indistinguishable this way; the resolver then takes the newest.
 */
export function createOutreachIntentResolvers(deps: {
  emailMarketingPortFor(tenantId: string): Promise<EmailMarketingPort>;
  messagingPortFor(tenantId: string): Promise<MessagingPort>;
}): IntentResolver[] {
  return [
    defineIntentResolver({
      operation: OutreachIntents.AddAudienceMember,
      parse: (input) => memberInput.parse(input),
      portFor: deps.emailMarketingPortFor,
      async settle(port, input, { meta }) {
        try {
          await port.upsertAudienceMember(input.audienceId, { email: input.email, firstName: input.firstName, lastName: input.lastName });
          return [audienceMemberAdded(input.audienceId, input.email, meta)];
        } catch (error) {
          if (error instanceof NotFoundError || error instanceof ValidationError) return null;
          throw error;
        }
      },
    }),
    defineIntentResolver({
      operation: OutreachIntents.TagAudienceMembers,
      parse: (input) => tagInput.parse(input),
      portFor: deps.emailMarketingPortFor,
      async settle(port, input, { meta }) {
        try {
          const segment = await port.tagAudienceMembers(input.audienceId, input.tag, input.members);
          return [audienceMembersTagged(segment, input.members.length, meta)];
        } catch (error) {
          // Refused now (unknown audience, bad email): it was refused the first time too.
          if (error instanceof NotFoundError || error instanceof ValidationError) return null;
          throw error;
        }
      },
    }),
    defineIntentResolver({
      operation: OutreachIntents.CreateCampaign,
      parse: (input) => createCampaignInput.parse(input),
      portFor: deps.emailMarketingPortFor,
      async settle(port, input, { intent, meta }) {
        const created = await findInPages(
          intent,
          (after) => port.listCampaigns({ first: 100, after }),
          (c) => c.name === input.name && c.subject === input.subject && c.audienceId === input.audienceId && createdSinceIntent(c, intent),
          { maxPages: CAMPAIGN_SCAN_PAGES, newestFirst: false },
        );
        return created ? [campaignCreated(created, meta)] : null;
      },
    }),
    defineIntentResolver({
      operation: OutreachIntents.SendCampaign,
      parse: (input) => sendCampaignInput.parse(input),
      portFor: deps.emailMarketingPortFor,
      async settle(port, input, { meta }) {
        const [campaign] = await port.getCampaigns([input.campaignId]);
        return campaign && (campaign.status === 'sending' || campaign.status === 'sent') ? [campaignSent(campaign, meta)] : null;
      },
    }),
    defineIntentResolver({
      operation: OutreachIntents.SendMessage,
      parse: (input) => sendMessageInput.parse(input),
      portFor: deps.messagingPortFor,
      async settle(port, input, { intent, meta }) {
        const sent = await findInPages(
          intent,
          (after) => port.listMessages({ first: 50, after }),
          (m) => m.direction === 'outbound' && m.channel === input.channel && m.to === input.to && m.body === input.body && createdSinceIntent(m, intent),
          { maxPages: SENT_SCAN_PAGES, newestFirst: true },
        );
        return sent ? [messageSent(sent, meta)] : null;
      },
    }),
  ];
}
