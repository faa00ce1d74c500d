import { z } from 'zod';

/**
 * Wagtail API v2 page bodies, as documented (https://docs.wagtail.org/en/stable/advanced_topics/api/v2/usage.html).
 * Only what we read is required; unknown fields are ignored. The body field is a RichTextField (an HTML
 * string) or a StreamField (a list of blocks), so both are accepted.
 */

const meta = z.object({
  type: z.string(),
  detail_url: z.string().optional(),
  html_url: z.string().nullable().optional(),
  slug: z.string(),
  first_published_at: z.string().nullable().optional(),
  last_published_at: z.string().nullable().optional(),
  search_description: z.string().nullable().optional(),
});

/** One page in a listing or a detail answer; `fields` adds the body under its own name (kept loose). */
export const wagtailPageSchema = z.looseObject({ id: z.number().int(), meta, title: z.string() });
export type WagtailPage = z.infer<typeof wagtailPageSchema>;

/** `GET /api/v2/pages/` */
export const wagtailListingSchema = z.object({ meta: z.object({ total_count: z.number().int() }), items: z.array(wagtailPageSchema) });
export type WagtailListing = z.infer<typeof wagtailListingSchema>;

/** A StreamField block: `{ type, value, id }`; rich-text blocks carry HTML in `value`. */
export const wagtailStreamSchema = z.array(z.looseObject({ type: z.string(), value: z.unknown() }));

/** Wagtail's error body: `{ message }` (API errors) or DRF's `{ detail }`. */
export const wagtailErrorSchema = z.object({ message: z.string().optional(), detail: z.string().optional() });
