import { z } from 'zod';

// WordPress answers dates as site-less GMT timestamps without a zone: "2026-11-25T18:48:34".
const gmtTimestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, 'must be a GMT timestamp such as 2026-11-25T18:48:34');

/** `title`, `content`, `excerpt`: `rendered` always, `raw` with `context=edit` (what we read and write). */
const renderedField = z.object({ rendered: z.string(), raw: z.string().optional() });

/** The statuses the adapter can meet (it never asks for others; a plugin's custom status is a surprise). */
export const wordPressStatusSchema = z.enum(['publish', 'future', 'draft', 'pending', 'private', 'trash', 'auto-draft']);
export type WordPressStatus = z.infer<typeof wordPressStatusSchema>;

/**
 * A post or page as `/wp/v2/posts` and `/wp/v2/pages` answer it with `context=edit&_embed=author`
 * (https://developer.wordpress.org/rest-api/reference/posts/#schema). Pages have no `excerpt`.
 */
export const wordPressContentSchema = z.object({
  id: z.number().int().positive(),
  type: z.string(),
  status: wordPressStatusSchema,
  /** Empty for a draft until it is published, unless one was set explicitly. */
  slug: z.string(),
  /** `context=edit` only: the unique slug WordPress would give the item if it were published now. */
  generated_slug: z.string().optional(),
  link: z.string(),
  date_gmt: gmtTimestamp.nullable(),
  modified_gmt: gmtTimestamp,
  title: renderedField,
  content: renderedField,
  excerpt: renderedField.optional(),
  author: z.number().int().optional(),
  // An embedded author the user may not see is an error object without `name`.
  _embedded: z.object({ author: z.array(z.object({ name: z.string().optional() })).optional() }).optional(),
});
export type WordPressContent = z.infer<typeof wordPressContentSchema>;

export const wordPressContentListSchema = z.array(wordPressContentSchema);

/** `GET /wp/v2/users/me?context=edit` (https://developer.wordpress.org/rest-api/reference/users/#retrieve-a-user-2). */
export const wordPressMeSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  capabilities: z.record(z.string(), z.boolean()).optional(),
});

/** WordPress's error body (https://developer.wordpress.org/rest-api/using-the-rest-api/global-parameters/#_envelope). */
export const wordPressErrorSchema = z.object({
  code: z.string(),
  message: z.string().optional(),
  data: z.object({ status: z.number().optional(), params: z.record(z.string(), z.string()).optional() }).nullable().optional(),
});
