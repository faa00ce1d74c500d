import type { DomainEvent } from '../events/domain-event.js';

/** Email marketing events; the campaign service records them with the write, through the outbox. */
export const EmailMarketingEventTypes = {
  CampaignCreated: 'marketing.campaign.created.v1',
  AudienceMemberAdded: 'marketing.audience.member_added.v1',
  AudienceMembersTagged: 'marketing.audience.members_tagged.v1',
  CampaignSent: 'marketing.campaign.sent.v1',
} as const;

export interface AudienceMemberAddedPayload {
  readonly audienceId: string;
  /** The member's email, as given (the provider keys it case-insensitively). */
  readonly email: string;
}

export interface AudienceMembersTaggedPayload {
  readonly audienceId: string;
  readonly segmentId: string;
  readonly tag: string;
  /** How many members the call added or updated and tagged. */
  readonly members: number;
}

export interface CampaignCreatedPayload {
  readonly campaignId: string;
  readonly name: string;
  readonly audienceId: string;
}

export interface CampaignSentPayload {
  readonly campaignId: string;
  readonly name: string;
}

export type AudienceMemberAdded = DomainEvent<typeof EmailMarketingEventTypes.AudienceMemberAdded, AudienceMemberAddedPayload>;
export type AudienceMembersTagged = DomainEvent<typeof EmailMarketingEventTypes.AudienceMembersTagged, AudienceMembersTaggedPayload>;
export type CampaignCreated = DomainEvent<typeof EmailMarketingEventTypes.CampaignCreated, CampaignCreatedPayload>;
export type CampaignSent = DomainEvent<typeof EmailMarketingEventTypes.CampaignSent, CampaignSentPayload>;
