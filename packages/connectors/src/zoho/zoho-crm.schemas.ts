import { z } from 'zod';

/**
 * Zoho CRM v8 payloads as documented (https://www.zoho.com/crm/developer/docs/api/v8/), validated at the
 * boundary. Objects are loose: Zoho adds system fields ($approval, Owner, Tag...) we do not read, and a
 * surprise in a field we do read becomes `invalid_response`, not a crash three layers up.
 */

/**
 * A record id. The spec types ids as strings; they are numeric in practice, but nothing promises it, so
 * any id is read that fits the `ids` parameter (no comma or white space).
 */
export const zohoIdSchema = z.string().regex(/^[^\s,]{1,100}$/, 'must be a Zoho record id');

/** A lookup field: `{ id, name }` (Account_Name, Contact_Name, Pipeline). */
export const zohoLookupSchema = z.looseObject({ id: zohoIdSchema, name: z.string().nullish() });
export type ZohoLookup = z.infer<typeof zohoLookupSchema>;

const zohoTime = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'must be an ISO 8601 date-time');
const nullableText = z.string().nullish();

export const zohoContactSchema = z.looseObject({
  id: zohoIdSchema,
  First_Name: nullableText,
  Last_Name: nullableText,
  Email: nullableText,
  Phone: nullableText,
  Title: nullableText,
  Account_Name: zohoLookupSchema.nullish(),
  Created_Time: zohoTime,
  Modified_Time: zohoTime,
});
export type ZohoContact = z.infer<typeof zohoContactSchema>;

export const zohoAccountSchema = z.looseObject({
  id: zohoIdSchema,
  Account_Name: z.string(),
  Website: nullableText,
  Industry: nullableText,
  Employees: z.number().int().nullish(),
  Created_Time: zohoTime,
  Modified_Time: zohoTime,
});
export type ZohoAccount = z.infer<typeof zohoAccountSchema>;

export const zohoDealSchema = z.looseObject({
  id: zohoIdSchema,
  Deal_Name: z.string(),
  /** A currency field: a JSON number with the org's precision (2 decimals by default). */
  Amount: z.number().nullish(),
  /** Present in multi-currency orgs only. */
  Currency: nullableText,
  Stage: z.string(),
  Pipeline: zohoLookupSchema.nullish(),
  Probability: z.number().nullish(),
  /** A date field: `YYYY-MM-DD`. */
  Closing_Date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullish(),
  Contact_Name: zohoLookupSchema.nullish(),
  Account_Name: zohoLookupSchema.nullish(),
  Created_Time: zohoTime,
  Modified_Time: zohoTime,
});
export type ZohoDeal = z.infer<typeof zohoDealSchema>;

/** `info` of GET records (page tokens) and of search (page numbers); every key optional across both. */
export const zohoInfoSchema = z.looseObject({
  per_page: z.number().int().optional(),
  count: z.number().int().optional(),
  page: z.number().int().optional(),
  more_records: z.boolean(),
  next_page_token: z.string().nullish(),
});

/**
 * A records answer. Zoho answers 204 No Content (no body) when nothing matches; the HTTP client hands
 * that over as an empty body, which `zohoRecordsSchema` reads as "no records".
 */
export function zohoRecordsSchema<T extends z.ZodType>(record: T) {
  const page = z.object({ data: z.array(record), info: zohoInfoSchema.optional() });
  return z.union([page, z.null(), z.undefined(), z.literal('')]).transform((body) =>
    body === null || body === undefined || body === '' ? { data: [] as z.infer<T>[], info: undefined } : body,
  );
}

/** One entry of a write answer: `{ code: 'SUCCESS', details: { id, ... }, message, status: 'success' }`. */
export const zohoWriteResultSchema = z.looseObject({
  code: z.string(),
  status: z.enum(['success', 'error']),
  message: z.string().optional(),
  details: z.looseObject({ id: z.string().nullish(), api_name: z.string().nullish() }).nullish(),
});
export const zohoWriteResponseSchema = z.object({ data: z.array(zohoWriteResultSchema).min(1) });

/** An error answer: top level, or inside `data[]` for writes. */
export const zohoErrorSchema = z.looseObject({
  code: z.string(),
  message: z.string().optional(),
  status: z.string().optional(),
  details: z.looseObject({ api_name: z.string().nullish(), id: z.string().nullish() }).nullish(),
});
export type ZohoError = z.infer<typeof zohoErrorSchema>;

/** GET /crm/v8/settings/layouts?module=Deals */
export const zohoLayoutsSchema = z
  .union([z.object({ layouts: z.array(z.looseObject({ id: z.string(), name: z.string().nullish() })) }), z.null(), z.undefined(), z.literal('')])
  // 204 No Content: the org has no Deals layout this user may see.
  .transform((body) => (body === null || body === undefined || body === '' ? [] : body.layouts));

/** A stage of a pipeline (`maps[]`): the Stage picklist value and its forecast type. */
export const zohoStageSchema = z.looseObject({
  id: z.string(),
  display_value: z.string().nullish(),
  actual_value: z.string(),
  sequence_number: z.number().int().nullish(),
  forecast_type: z.string().nullish(),
});
export type ZohoStage = z.infer<typeof zohoStageSchema>;

/** GET /crm/v8/settings/pipeline?layout_id= */
export const zohoPipelineSchema = z.looseObject({
  id: z.string(),
  display_value: z.string().nullish(),
  actual_value: z.string().nullish(),
  default: z.boolean().nullish(),
  maps: z.array(zohoStageSchema).nullish(),
});
export type ZohoPipeline = z.infer<typeof zohoPipelineSchema>;
export const zohoPipelinesSchema = z.union([z.object({ pipeline: z.array(zohoPipelineSchema) }), z.null(), z.undefined(), z.literal('')]).transform((body) =>
  body === null || body === undefined || body === '' ? [] : body.pipeline,
);

/**
 * The accounts server's token answer. Zoho answers a rejected refresh token with HTTP 200 and
 * `{ error: 'invalid_code' }`, not with RFC 6749's 400.
 */
export const zohoTokenSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().optional(),
  expires_in: z.number().int().positive(),
  api_domain: z.string().optional(),
  token_type: z.string().optional(),
});
export const zohoTokenErrorSchema = z.object({ error: z.string() });
