import { z } from 'zod';

/**
 * A Message resource as the 2010 API returns it (https://www.twilio.com/docs/messaging/api/message-resource):
 * the fields the mapping reads; the rest stays in `raw`. Dates are RFC 2822 strings.
 */
export const twilioMessageSchema = z.looseObject({
  sid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/),
  account_sid: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  body: z.string().nullable(),
  status: z.string(),
  direction: z.string(),
  date_created: z.string().nullable(),
  date_updated: z.string().nullable(),
  error_code: z.number().nullable(),
  error_message: z.string().nullable(),
});
export type TwilioMessage = z.infer<typeof twilioMessageSchema>;

/** One page of `GET .../Messages.json`: newest first, `next_page_uri` null on the last page. */
export const twilioMessagePageSchema = z.looseObject({
  messages: z.array(twilioMessageSchema),
  next_page_uri: z.string().nullable(),
  page: z.number().int().nonnegative(),
  page_size: z.number().int().positive(),
});
export type TwilioMessagePage = z.infer<typeof twilioMessagePageSchema>;
