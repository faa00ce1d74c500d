import { z } from 'zod';

/** A campaign as GET /campaigns/{id} returns it (the fields we read). */
export const mailchimpCampaignSchema = z.looseObject({
  id: z.string().min(1),
  create_time: z.string(),
  status: z.enum(['save', 'paused', 'schedule', 'sending', 'sent']),
  emails_sent: z.number().int().nonnegative().nullish(),
  // Empty string until the campaign is sent.
  send_time: z.string().nullish(),
  recipients: z.looseObject({
    list_id: z.string(),
    recipient_count: z.number().int().nullish(),
    segment_opts: z.looseObject({ saved_segment_id: z.number().int().nullish() }).nullish(),
  }),
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

/** A segment (a tag is a static segment): GET /lists/{id}/segments/{segment_id}, POST /lists/{id}/segments. */
export const mailchimpSegmentSchema = z.looseObject({ id: z.number().int(), name: z.string(), member_count: z.number().int().nonnegative() });
export type MailchimpSegment = z.infer<typeof mailchimpSegmentSchema>;

/** GET /lists/{id}/tag-search: tags whose name contains the search. */
export const mailchimpTagSearchSchema = z.looseObject({ tags: z.array(z.looseObject({ id: z.number().int(), name: z.string() })) });

/** POST /lists/{id}/segments/{segment_id}: who was added, and the addresses refused. */
export const mailchimpSegmentMembersSchema = z.looseObject({
  total_added: z.number().int(),
  errors: z.array(z.looseObject({ email_addresses: z.array(z.string()), error: z.string() })),
});
