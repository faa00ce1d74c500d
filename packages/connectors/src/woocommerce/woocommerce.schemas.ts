import { z } from 'zod';

/**
 * WooCommerce REST wc/v3 payloads as documented (https://woocommerce.github.io/woocommerce-rest-api-docs/),
 * validated at the boundary. Objects are loose (plugins add fields); what we read is checked, and the
 * nulls and empty strings the API documents are allowed (an unpriced product has `price: ""`, a guest
 * order `customer_id: 0`, a never-modified record may lack `date_modified_gmt`).
 */

/** A GMT timestamp as WooCommerce writes it: ISO 8601 without a zone (`2026-03-22T16:28:02`). */
const gmtTime = z.string().refine((text) => !Number.isNaN(Date.parse(`${text}Z`)) || !Number.isNaN(Date.parse(text)), 'must be an ISO 8601 date-time');
const decimalText = z.union([z.string().regex(/^-?\d*(\.\d+)?$/, 'must be a decimal number'), z.number()]).nullish();

export const wooStockSchema = {
  /** Variations say `"parent"` when the parent product manages their stock. */
  manage_stock: z.union([z.boolean(), z.literal('parent')]).nullish(),
  stock_quantity: z.number().int().nullish(),
};

export const wooVariationSchema = z.looseObject({
  id: z.number().int().positive(),
  sku: z.string().nullish(),
  price: decimalText,
  regular_price: decimalText,
  ...wooStockSchema,
  attributes: z.array(z.looseObject({ name: z.string().nullish(), option: z.string().nullish() })).nullish(),
});
export type WooVariation = z.infer<typeof wooVariationSchema>;

export const wooProductSchema = z.looseObject({
  id: z.number().int().positive(),
  name: z.string(),
  type: z.string(),
  status: z.string(),
  description: z.string().nullish(),
  short_description: z.string().nullish(),
  sku: z.string().nullish(),
  price: decimalText,
  regular_price: decimalText,
  ...wooStockSchema,
  variations: z.array(z.number().int()).nullish(),
  date_created_gmt: gmtTime.nullish(),
  date_modified_gmt: gmtTime.nullish(),
});
export type WooProduct = z.infer<typeof wooProductSchema>;

export const wooLineItemSchema = z.looseObject({
  id: z.number().int(),
  name: z.string().nullish(),
  product_id: z.number().int(),
  variation_id: z.number().int().nullish(),
  quantity: z.number().int(),
  subtotal: decimalText,
  total: decimalText,
  /** The unit price, a JSON number. */
  price: decimalText,
});
export type WooLineItem = z.infer<typeof wooLineItemSchema>;

export const wooOrderSchema = z.looseObject({
  id: z.number().int().positive(),
  number: z.union([z.string(), z.number()]).transform(String).nullish(),
  status: z.string(),
  currency: z.string().regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code'),
  total: decimalText,
  customer_id: z.number().int().nullish(),
  billing: z.looseObject({ email: z.string().nullish(), first_name: z.string().nullish(), last_name: z.string().nullish(), phone: z.string().nullish() }).nullish(),
  line_items: z.array(wooLineItemSchema).nullish(),
  date_created_gmt: gmtTime.nullish(),
  date_modified_gmt: gmtTime.nullish(),
});
export type WooOrder = z.infer<typeof wooOrderSchema>;

export const wooCustomerSchema = z.looseObject({
  id: z.number().int().positive(),
  email: z.string(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  billing: z.looseObject({ phone: z.string().nullish() }).nullish(),
  date_created_gmt: gmtTime.nullish(),
  date_modified_gmt: gmtTime.nullish(),
});
export type WooCustomer = z.infer<typeof wooCustomerSchema>;

/** `GET /data/currencies/current`: the shop's currency. */
export const wooCurrentCurrencySchema = z.looseObject({ code: z.string().regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code') });
