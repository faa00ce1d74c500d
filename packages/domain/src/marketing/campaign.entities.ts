import type { EntityBase } from '../shared/entity.js';

export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'sent';

/** An email campaign sent to an audience (Mailchimp, sandbox). */
export interface Campaign extends EntityBase {
  readonly name: string;
  readonly subject: string;
  readonly status: CampaignStatus;
  readonly audienceId: string;
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
}
