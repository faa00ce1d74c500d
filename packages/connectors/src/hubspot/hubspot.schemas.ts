import { z } from 'zod';

/**
 * HubSpot response bodies, as documented (CRM v3 objects, v4 associations, v3 pipelines). Only the fields
 * we read are required; unknown fields are ignored, so a new HubSpot field never breaks a read.
 */

/** HubSpot property values are strings (numbers and dates too) or null. */
const properties = z.record(z.string(), z.string().nullable());

const associationRef = z.object({ id: z.string(), type: z.string().optional() });
const nextPage = z.object({ after: z.string(), link: z.string().optional() });

/** `SimplePublicObject` (batch read, create, update) and `SimplePublicObjectWithAssociations` (list). */
export const hubSpotObjectSchema = z.object({
  id: z.string(),
  properties,
  createdAt: z.string(),
  updatedAt: z.string(),
  archived: z.boolean().optional(),
  associations: z
    .record(z.string(), z.object({ results: z.array(associationRef), paging: z.object({ next: nextPage.optional() }).optional() }))
    .optional(),
});
export type HubSpotObject = z.infer<typeof hubSpotObjectSchema>;

const batchError = z.object({
  status: z.string().optional(),
  category: z.string(),
  message: z.string().optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
});

/** `POST /crm/v3/objects/{type}/batch/read`: 200, or 207 with `errors` for ids it does not know. */
export const hubSpotBatchReadSchema = z.object({
  status: z.string(),
  results: z.array(hubSpotObjectSchema),
  errors: z.array(batchError).optional(),
  numErrors: z.number().optional(),
});

/** `GET /crm/v3/objects/{type}` */
export const hubSpotListSchema = z.object({
  results: z.array(hubSpotObjectSchema),
  paging: z.object({ next: nextPage.optional() }).optional(),
});

/** `POST /crm/v3/objects/{type}/search` */
export const hubSpotSearchSchema = z.object({
  total: z.number(),
  results: z.array(hubSpotObjectSchema),
  paging: z.object({ next: nextPage.optional() }).optional(),
});
export type HubSpotSearchPage = z.infer<typeof hubSpotSearchSchema>;

/** `POST /crm/v4/associations/{from}/{to}/batch/read` */
export const hubSpotAssociationBatchSchema = z.object({
  status: z.string(),
  results: z.array(
    z.object({
      from: z.object({ id: z.string() }),
      to: z.array(z.object({ toObjectId: z.union([z.string(), z.number()]).transform(String), associationTypes: z.array(z.unknown()).optional() })),
      paging: z.object({ next: nextPage.optional() }).optional(),
    }),
  ),
  errors: z.array(batchError).optional(),
});
export type HubSpotAssociationBatch = z.infer<typeof hubSpotAssociationBatchSchema>;

const stageSchema = z.object({
  id: z.string(),
  label: z.string(),
  displayOrder: z.number(),
  archived: z.boolean().optional(),
  // Both are strings in HubSpot's answer: probability "0.2" (0..1), isClosed "true"/"false".
  metadata: z.looseObject({ probability: z.string().optional(), isClosed: z.string().optional() }),
});

/** `GET /crm/v3/pipelines/deals` */
export const hubSpotPipelinesSchema = z.object({
  results: z.array(z.object({ id: z.string(), label: z.string(), displayOrder: z.number(), archived: z.boolean().optional(), stages: z.array(stageSchema) })),
});
export type HubSpotPipeline = z.infer<typeof hubSpotPipelinesSchema>['results'][number];

/** `PUT /crm/v4/objects/{from}/{id}/associations/{to}/{toId}` */
export const hubSpotAssociationWriteSchema = z.unknown();

/** HubSpot's error body (`{ status: 'error', message, category, correlationId }`). */
export const hubSpotErrorSchema = z.object({ status: z.string().optional(), message: z.string().optional(), category: z.string().optional(), correlationId: z.string().optional() });
