import type { Page, PageRequest } from '../shared/page.js';
import type { Campaign, NewCampaign } from './campaign.entities.js';

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
  /** Creates a draft. Raises `ValidationError` naming `name`, `subject` or `audienceId`. */
  createCampaign(input: NewCampaign): Promise<Campaign>;
  /**
   * Sends a draft campaign. Raises `NotFoundError` when `id` is unknown and
   * `DomainError('invalid_state', 'EMAIL.CAMPAIGN_ALREADY_SENT')` when it was sent already.
   */
  sendCampaign(id: string): Promise<Campaign>;
  /** Adds or updates a member of an audience (idempotent on the email). Raises `NotFoundError` for an unknown audience. */
  upsertAudienceMember(audienceId: string, member: { readonly email: string; readonly firstName?: string | null; readonly lastName?: string | null }): Promise<void>;
}
