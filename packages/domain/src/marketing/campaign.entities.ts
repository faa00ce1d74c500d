import type { EntityBase } from '../shared/entity.js';

export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'sent';

/** An email campaign sent to an audience (Mailchimp, sandbox). */
export interface Campaign extends EntityBase {
  readonly name: string;
  readonly subject: string;
  readonly status: CampaignStatus;
  readonly audienceId: string;
  /** The segment of the audience it goes to (only its members receive it), or null for the whole audience. */
  readonly segmentId: string | null;
  readonly sentAt: Date | null;
  readonly recipients: number | null;
  readonly opens: number | null;
  readonly clicks: number | null;
}

export interface NewCampaign {
  readonly name: string;
  readonly subject: string;
  readonly audienceId: string;
  readonly html: string;
  /** Send only to this segment of the audience (from `tagAudienceMembers`); absent or null: the whole audience. */
  readonly segmentId?: string | null;
}

/** A member to add to an audience or update, keyed by email (case-insensitively). */
export interface AudienceMember {
  readonly email: string;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
}

/** A segment of an audience: the members that carry one tag (Mailchimp's tags are static segments). */
export interface AudienceSegment {
  readonly id: string;
  readonly externalId: string;
  readonly audienceId: string;
  /** The tag. */
  readonly name: string;
  readonly memberCount: number;
}

/** The most members one `tagAudienceMembers` call takes. */
export const MAX_SEGMENT_MEMBERS = 10_000;
