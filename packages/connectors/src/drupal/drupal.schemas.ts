import { z } from 'zod';

/**
 * Drupal JSON:API documents, as documented (https://www.drupal.org/docs/core-modules-and-themes/core-modules/jsonapi-module).
 * Only what we read is required; unknown members are ignored.
 */

const identifier = z.object({ type: z.string(), id: z.string() });

/** A node resource object (`node--article`, `node--page`). Dates are RFC 3339 strings. */
export const drupalNodeSchema = z.object({
  type: z.string(),
  id: z.string(),
  attributes: z.looseObject({
    drupal_internal__nid: z.number().int(),
    title: z.string(),
    status: z.boolean(),
    created: z.string(),
    changed: z.string(),
    body: z.object({ value: z.string().nullable(), format: z.string().nullable().optional(), summary: z.string().nullable().optional() }).nullable().optional(),
    path: z.object({ alias: z.string().nullable().optional() }).nullable().optional(),
    /** The contrib `published_at` module's publication date, when installed. */
    published_at: z.string().nullable().optional(),
  }),
  relationships: z.looseObject({ uid: z.object({ data: identifier.nullable().optional() }).optional() }).optional(),
});
export type DrupalNode = z.infer<typeof drupalNodeSchema>;

/** Any included resource; users carry `display_name` (core) and `name`. */
const includedSchema = z.object({ type: z.string(), id: z.string(), attributes: z.looseObject({ display_name: z.string().optional(), name: z.string().optional() }).optional() });
export type DrupalIncluded = z.infer<typeof includedSchema>;

const links = z.object({ next: z.object({ href: z.string() }).optional() }).optional();

/** `GET /jsonapi/node/{bundle}` */
export const drupalCollectionSchema = z.object({ data: z.array(drupalNodeSchema), included: z.array(includedSchema).optional(), links });
export type DrupalCollection = z.infer<typeof drupalCollectionSchema>;

/** `POST` / `PATCH` / `GET` of one node. */
export const drupalSingleSchema = z.object({ data: drupalNodeSchema, included: z.array(includedSchema).optional() });

/** JSON:API error objects. */
export const drupalErrorSchema = z.object({
  errors: z.array(z.object({ status: z.string().optional(), title: z.string().optional(), detail: z.string().optional(), source: z.object({ pointer: z.string().optional() }).optional() })).min(1),
});
