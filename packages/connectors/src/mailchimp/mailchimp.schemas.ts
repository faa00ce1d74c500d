import { z } from 'zod';

/** A campaign as GET /campaigns/{id} returns it (the fields we read). */
export const mailchimpCampaignSchema = z.looseObject({
  id: z.string().min(1),
  create_time: z.string(),
  status: z.enum(['save', 'paused', 'schedule', 'sending', 'sent']),
  emails_sent: z.number().int().nonnegative().nullish(),
  // Empty string until the campaign is sent.
  send_time: z.string().nullish(),
  recipients: z.looseObject({ list_id: z.string(), recipient_count: z.number().int().nullish() }),
  settings: z.looseObject({ subject_line: z.string().nullish(), title: z.string().nullish() }),
  report_summary: z.looseObject({ unique_opens: z.number().int().nullish(), subscriber_clicks: z.number().int().nullish() }).nullish(),
});
export type MailchimpCampaign = z.infer<typeof mailchimpCampaignSchema>;

/** GET /campaigns: one page and the total. */
export const mailchimpCampaignListSchema = z.looseObject({ campaigns: z.array(mailchimpCampaignSchema), total_items: z.number().int().nonnegative() });

/** An audience (list) with the defaults a campaign needs to be sendable. */
export const mailchimpListSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  campaign_defaults: z.looseObject({ from_name: z.string(), from_email: z.string() }),
});
export type MailchimpList = z.infer<typeof mailchimpListSchema>;

/** A member (PUT /lists/{id}/members/{hash}). */
export const mailchimpMemberSchema = z.looseObject({ id: z.string(), email_address: z.string() });

/** The answer of batch subscribe (POST /lists/{id}): counts and the members refused. */
export const mailchimpBatchSubscribeSchema = z.looseObject({
  total_created: z.number().int(),
  total_updated: z.number().int(),
  error_count: z.number().int(),
  errors: z.array(z.looseObject({ email_address: z.string(), error: z.string() })),
});

/** 204 No Content and empty bodies, as the kit hands them over. */
export const emptySchema = z.unknown();
